namespace Gantry.Execution;

/// <summary>
/// An executor whose engine picks the devices inside each node itself (Slurm's GRES takes a count, not indices): once
/// a task runs, it says which devices the engine gave it, so that Gantry's records and per-GPU telemetry name the right
/// ones.
/// </summary>
public interface IEngineChosenDevices
{
    /// <summary>
    /// Completes once the task runs, with the device indices the engine gave it on each of its nodes; null when the
    /// task ended first or the engine does not say.
    /// </summary>
    Task<IReadOnlyList<EngineDevices>?> ChosenDevicesAsync(string handle, CancellationToken cancellationToken);
}

/// <summary>The device indices an engine gave a task on one node.</summary>
public sealed record EngineDevices(string Node, IReadOnlyList<int> Devices);
