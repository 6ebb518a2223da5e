using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>One node chosen for (one gang member of) a job, with the GPU positions it gets there.</summary>
internal sealed record NodeChoice(WorkNode Node, int[] Positions);
