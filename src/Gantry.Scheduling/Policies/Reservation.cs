using Gantry.Scheduling.Placements;

namespace Gantry.Scheduling.Policies;

/// <summary>A blocked job's claim on resources from <see cref="Start"/> (backfill), or on resources being freed by preemption.</summary>
internal sealed record Reservation(long JobId, double Start, IReadOnlyList<NodeChoice> Nodes, bool ForPreemption);
