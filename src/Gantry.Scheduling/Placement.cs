namespace Gantry.Scheduling;

/// <summary>Start job <see cref="JobId"/> on <see cref="Node"/> with these accelerator indices.</summary>
public sealed record Placement(long JobId, string Node, IReadOnlyList<int> Devices);
