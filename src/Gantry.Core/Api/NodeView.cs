namespace Gantry.Core.Api;

public sealed record NodeView(
    string Name,
    string Pool,
    string Executor,
    int Cpus,
    double CpusAllocated,
    long MemoryBytes,
    long MemoryAllocated,
    int Gpus,
    int GpusAllocated,
    IReadOnlyList<string> DiscoveredBy);
