namespace Gantry.Server.Planning;

/// <summary>What <see cref="AllocationHistory.Measure"/> found: GPU-hours held, the attempts that held them, the most held at once.</summary>
internal readonly record struct AllocationMeasure(double GpuHours, int Jobs, int PeakGpus);
