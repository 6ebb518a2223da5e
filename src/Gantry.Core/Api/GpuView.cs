namespace Gantry.Core.Api;

public sealed record GpuView(
    string Node,
    int Index,
    string Vendor,
    string Uuid,
    string Model,
    long MemoryBytes,
    string? PciBusId,
    bool IsGpu,
    long? JobId,
    IReadOnlyDictionary<int, string>? Links);
