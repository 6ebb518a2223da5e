using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Policies;

/// <summary>The running jobs to stop for one waiting job, why each, and where the waiting job will then go.</summary>
internal sealed record PreemptionChoice(IReadOnlyList<(Victim Victim, PreemptionReason Reason)> Victims, StartEstimate Place);
