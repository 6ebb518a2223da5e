using System.Runtime.InteropServices;

namespace Gantry.Storage.Blobs;

/// <summary>
/// link(2): gives a file a second name, failing atomically when that name exists. <see cref="File.Move(string, string, bool)"/>
/// without overwrite checks for the destination and then renames, so two writers can both "win"; link(2) cannot.
/// </summary>
internal static class HardLink
{
    private const int AlreadyExists = 17; // EEXIST on Linux

    /// <summary>Links <paramref name="existing"/> as <paramref name="newPath"/>; false when <paramref name="newPath"/> exists.</summary>
    public static bool TryCreate(string existing, string newPath)
    {
        if (Link(existing, newPath) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == AlreadyExists)
            return false;
        throw new IOException($"could not link '{existing}' to '{newPath}': {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
