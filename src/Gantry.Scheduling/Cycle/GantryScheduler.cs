using Gantry.Scheduling.Model;

namespace Gantry.Scheduling;

/// <summary>
/// Gantry's scheduler: a pure function from a <see cref="SchedulingSnapshot"/> to a <see cref="Plan"/>
/// (no I/O, no clock, deterministic for a seed). The server takes a snapshot, calls
/// <see cref="Schedule"/>, and commits the plan; the simulator does the same in virtual time.
/// See <c>src/Gantry.Scheduling/README.md</c> for the cycle and a glossary.
/// </summary>
public sealed class GantryScheduler(SchedulerOptions? options = null)
{
    public SchedulerOptions Options { get; } = options ?? new SchedulerOptions();

    /// <summary>Runs one scheduling cycle over the snapshot.</summary>
    public Plan Schedule(SchedulingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new SchedulingCycle(snapshot, Options).Run();
    }
}
