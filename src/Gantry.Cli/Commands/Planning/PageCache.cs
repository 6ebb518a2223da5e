using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Cli.Commands.Planning;

/// <summary>
/// posix_fadvise(POSIX_FADV_DONTNEED) on a file already fsynced, so reading it back measures the disk and not
/// memory (the trick fio's <c>invalidate=1</c> uses). .NET exposes no such call, hence the libc import.
/// </summary>
internal static class PageCache
{
    private const int DontNeed = 4; // POSIX_FADV_DONTNEED on Linux

    /// <summary>Asks the kernel to drop the file's clean pages; false when it refused.</summary>
    public static bool Drop(SafeFileHandle file)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return Fadvise((int)file.DangerousGetHandle(), 0, 0, DontNeed) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
        finally
        {
            if (added)
                file.DangerousRelease();
        }
    }

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fadvise(int fd, long offset, long length, int advice);
}
