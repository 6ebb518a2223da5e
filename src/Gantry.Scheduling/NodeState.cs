using Gantry.Core.Hardware;

namespace Gantry.Scheduling;

/// <summary>A node as the scheduler sees it: what is free now, in one pool.</summary>
public sealed record NodeState(string Name, string Pool, double FreeCpus, long FreeMemoryBytes, IReadOnlyList<AcceleratorDevice> FreeDevices);
