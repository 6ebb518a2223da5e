namespace Gantry.Scheduling.Model;

/// <summary>A share of one GPU: its device index and thousandths of it (1000 = the whole GPU).</summary>
public readonly record struct GpuShare(int Index, int Milli);
