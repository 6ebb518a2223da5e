namespace Gantry.Scheduling.Placements;

/// <summary>The identity of a request shape, for per-cycle caches (fit failures, start estimates).</summary>
internal readonly record struct ShapeKey(int Gpus, int Milli, long Cpu, long Memory, int Nodes, string? Pools, string? GpuType);
