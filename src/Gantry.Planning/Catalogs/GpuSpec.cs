namespace Gantry.Planning.Catalogs;

/// <summary>One accelerator model: dense peak throughput, memory, bandwidth, power and GPU-to-GPU link, with its source.</summary>
public sealed record GpuSpec
{
    public required string Name { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public required string Vendor { get; init; }

    /// <summary>The <see cref="GpuClass"/> whose MFU default applies.</summary>
    public required string Class { get; init; }

    public required double Bf16Tflops { get; init; }

    public required double Fp16Tflops { get; init; }

    public double? Fp8Tflops { get; init; }

    /// <summary>Marketing memory size read as 10^9 bytes.</summary>
    public required double MemoryGb { get; init; }

    public required double BandwidthTbps { get; init; }

    public required double TdpW { get; init; }

    public required string Interconnect { get; init; }

    /// <summary>GPU-to-GPU bandwidth of one GPU inside a node, GB/s.</summary>
    public required double InterconnectGbps { get; init; }

    public required string Source { get; init; }

    public long MemoryBytes => (long)(MemoryGb * 1e9);

    public double BandwidthBytesPerSecond => BandwidthTbps * 1e12;
}
