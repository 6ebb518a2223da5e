using Gantry.Core;
using Gantry.Core.Hardware;

namespace Gantry.Execution;

/// <summary>
/// Runs job tasks on an engine (local processes, Slurm, Kubernetes). Every executor does the same
/// five things, so the server treats them alike: find nodes, launch, wait, cancel, read logs.
/// Handles are plain strings the server stores with the job, so a restarted server can re-attach.
/// </summary>
public interface IExecutor
{
    /// <summary>"local", "slurm", "kubernetes".</summary>
    string Kind { get; }

    /// <summary>The nodes this executor can place work on, with their CPUs, memory and accelerators.</summary>
    Task<IReadOnlyList<NodeInventory>> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>Starts one attempt of one task. Expected failures (bad working directory, missing program) are values.</summary>
    Task<Outcome<LaunchedTask>> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>Whether the task behind a stored handle still runs (used after a server restart).</summary>
    Task<bool> IsAliveAsync(string handle, CancellationToken cancellationToken);

    /// <summary>Completes when the task ends, whether it was launched by this process or re-attached.</summary>
    Task<TaskExit> WaitForExitAsync(string handle, CancellationToken cancellationToken);

    /// <summary>Asks the task to stop (SIGTERM to its process group), then forces it after <paramref name="grace"/>.</summary>
    Task CancelAsync(string handle, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Opens a log of the task for reading from the start, or null when none exists yet.</summary>
    Stream? OpenLog(LaunchRequest request, LogStream stream);

    /// <summary>
    /// Opens a log where reading it takes I/O (a pod's log over the Kubernetes API). A seekable stream is read from
    /// the offset the caller has; a stream that cannot seek is the whole log from its start and, with
    /// <paramref name="follow"/>, keeps delivering until the task ends. The default is <see cref="OpenLog"/>.
    /// </summary>
    Task<Stream?> OpenLogAsync(LaunchRequest request, LogStream stream, bool follow, CancellationToken cancellationToken) =>
        Task.FromResult(OpenLog(request, stream));
}
