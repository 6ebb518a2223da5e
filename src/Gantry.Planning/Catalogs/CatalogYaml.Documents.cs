namespace Gantry.Planning.Catalogs;

internal static partial class CatalogYaml
{
    // YamlDotNet needs settable properties; every field is optional so that an override may give only some.
    internal sealed class CatalogDocument
    {
        public List<ClassDocument>? Classes { get; set; }

        public List<GpuDocument>? Gpus { get; set; }

        public List<ModelDocument>? Models { get; set; }

        public List<CloudDocument>? Cloud { get; set; }

        public List<OnPremDocument>? OnPrem { get; set; }

        public Dictionary<string, DefaultDocument>? Defaults { get; set; }
    }

    internal sealed class ClassDocument
    {
        public string? Name { get; set; }

        public double? DefaultMfu { get; set; }

        public bool? Calibrated { get; set; }

        public string? Source { get; set; }
    }

    internal sealed class GpuDocument
    {
        public string? Name { get; set; }

        public List<string>? Aliases { get; set; }

        public string? Vendor { get; set; }

        public string? Class { get; set; }

        public double? Bf16Tflops { get; set; }

        public double? Fp16Tflops { get; set; }

        public double? Fp8Tflops { get; set; }

        public double? MemoryGb { get; set; }

        public double? BandwidthTbps { get; set; }

        public double? TdpW { get; set; }

        public string? Interconnect { get; set; }

        public double? InterconnectGbps { get; set; }

        public string? Source { get; set; }
    }

    internal sealed class ModelDocument
    {
        public string? Name { get; set; }

        public List<string>? Aliases { get; set; }

        public string? Family { get; set; }

        public double? Params { get; set; }

        public double? ActiveParams { get; set; }

        public int? Layers { get; set; }

        public int? Hidden { get; set; }

        public int? Heads { get; set; }

        public int? KvHeads { get; set; }

        public int? HeadDim { get; set; }

        public int? Vocab { get; set; }

        public int? Ffn { get; set; }

        public bool? GatedMlp { get; set; }

        public int? Experts { get; set; }

        public int? ExpertsPerToken { get; set; }

        public int? Context { get; set; }

        public int? TrainSeqLen { get; set; }

        public int? SlidingWindow { get; set; }

        public bool? TiedEmbeddings { get; set; }

        public string? Source { get; set; }
    }

    internal sealed class CloudDocument
    {
        public string? Name { get; set; }

        public string? Provider { get; set; }

        public string? Instance { get; set; }

        public string? Region { get; set; }

        public string? Gpu { get; set; }

        public int? GpusPerInstance { get; set; }

        public double? OnDemandUsdPerGpuHour { get; set; }

        public double? SpotUsdPerGpuHour { get; set; }

        public double? ReservedUsdPerGpuHour { get; set; }

        public string? Read { get; set; }

        public string? Source { get; set; }
    }

    internal sealed class OnPremDocument
    {
        public string? Name { get; set; }

        public string? Gpu { get; set; }

        public int? GpusPerServer { get; set; }

        public double? ServerUsd { get; set; }

        public double? ServerPowerKw { get; set; }

        public int? Year { get; set; }

        public string? Source { get; set; }
    }

    internal sealed class DefaultDocument
    {
        public double? Value { get; set; }

        public string? Source { get; set; }
    }
}
