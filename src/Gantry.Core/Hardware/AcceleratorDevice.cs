namespace Gantry.Core.Hardware;

/// <summary>
/// One accelerator on a node. <see cref="Vendor"/> is "nvidia", "amd" or "declared" (named in
/// configuration). <see cref="Index"/> is what the job's visibility variable carries.
/// </summary>
public sealed record AcceleratorDevice(
    int Index,
    string Vendor,
    string Uuid,
    string Model,
    long MemoryBytes,
    string? PciBusId = null,
    bool IsGpu = true);
