namespace Gantry.Scheduling.Simulation;

/// <summary>A node of an openb trace: CPUs in thousandths, memory in MiB, GPU count and model (null: no GPUs).</summary>
public sealed record TraceNode(string Name, long CpuMilli, long MemoryMib, int Gpus, string? Model);
