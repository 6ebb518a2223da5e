using System.Runtime.InteropServices;

namespace Gantry.Server.Data;

/// <summary>link(2): .NET creates symbolic links but not hard links, which let jobs share one cached copy of a file.</summary>
internal static class NativeLink
{
    private const int CrossDevice = 18; // EXDEV
    private const int TooManyLinks = 31; // EMLINK
    private const int NotPermitted = 1; // EPERM: some filesystems refuse hard links

    /// <summary>Hard-links <paramref name="existing"/> as <paramref name="link"/>; false when this filesystem cannot (the caller copies instead).</summary>
    public static bool TryLink(string existing, string link)
    {
        if (Link(existing, link) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is CrossDevice or TooManyLinks or NotPermitted)
            return false;
        throw new IOException($"cannot link '{link}' to '{existing}': {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [DllImport("libc", EntryPoint = "link", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);
}
