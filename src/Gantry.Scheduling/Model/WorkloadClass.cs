namespace Gantry.Scheduling.Model;

/// <summary>
/// One kind of task in the expected workload mix (FGD's "typical pods"): its shape and how often it
/// comes (any positive weight; the weights are normalised). Fragmentation-aware placement measures
/// how many GPUs a placement leaves unusable by this mix.
/// </summary>
public sealed record WorkloadClass(int Gpus, int GpuMilli, long CpuMilli, long MemoryBytes, string? GpuType, double Weight);
