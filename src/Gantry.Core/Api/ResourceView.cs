namespace Gantry.Core.Api;

/// <summary>A job's resources; <see cref="GpuFraction"/> is set when it holds a share of one GPU.</summary>
public sealed record ResourceView(int Gpus, string? GpuType, double Cpus, long MemoryBytes, int Nodes, double? GpuFraction = null);
