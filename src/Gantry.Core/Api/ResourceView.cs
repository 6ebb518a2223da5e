namespace Gantry.Core.Api;

public sealed record ResourceView(int Gpus, string? GpuType, double Cpus, long MemoryBytes, int Nodes);
