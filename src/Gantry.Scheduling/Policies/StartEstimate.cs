using Gantry.Scheduling.Placements;

namespace Gantry.Scheduling.Policies;

/// <summary>When a job could start at the earliest, where, and the CPUs and memory left on each of those nodes then.</summary>
internal sealed record StartEstimate(double Start, NodeChoice[] Nodes, (long Cpu, long Memory)[] Slack);
