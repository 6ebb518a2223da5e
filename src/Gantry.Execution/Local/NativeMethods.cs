using System.Runtime.InteropServices;

namespace Gantry.Execution.Local;

internal static partial class NativeMethods
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int Esrch = 3;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends a signal to every process of a group; 0 on success, else the errno.</summary>
    public static int SignalGroup(int processGroup, int signal) =>
        Kill(-processGroup, signal) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
