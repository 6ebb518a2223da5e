namespace Gantry.Planning.Calibration;

/// <summary>The published runs the MFU defaults are calibrated against (docs/planning.md lists them with the errors).</summary>
internal static class PublishedRuns
{
    private const string Llama1 = "Touvron et al. 2023, LLaMA, Table 15 (A100-80GB GPU-hours)";
    private const string Llama2 = "Llama 2 model card, Training Time (GPU hours), A100-80GB";
    private const string Llama3 = "Meta Llama 3 model card (April 2024), H100-80GB GPU-hours";
    private const string Llama31 = "Llama 3.1 model card, Training Time (GPU hours), H100-80GB";
    private const string Llama3Table4 = "Llama Team 2024, The Llama 3 Herd of Models, Table 4 (BF16 MFU)";

    /// <summary>End-to-end runs: GPU-hours over a whole pre-training; these set the defaults.</summary>
    public static IReadOnlyList<PublishedRun> EndToEnd { get; } =
    [
        new("LLaMA 7B, 1.0T tokens", "A100-80GB", "llama-7b", 1.0e12, 2048, 82_432, null, Llama1),
        new("LLaMA 13B, 1.0T tokens", "A100-80GB", "llama-13b", 1.0e12, 2048, 135_168, null, Llama1),
        new("LLaMA 33B, 1.4T tokens", "A100-80GB", "llama-33b", 1.4e12, 2048, 530_432, null, Llama1),
        new("LLaMA 65B, 1.4T tokens", "A100-80GB", "llama-65b", 1.4e12, 2048, 1_022_362, null, Llama1),
        new("Llama 2 7B, 2T tokens", "A100-80GB", "llama-2-7b", 2.0e12, 4096, 184_320, null, Llama2),
        new("Llama 2 13B, 2T tokens", "A100-80GB", "llama-2-13b", 2.0e12, 4096, 368_640, null, Llama2),
        new("Llama 2 70B, 2T tokens", "A100-80GB", "llama-2-70b", 2.0e12, 4096, 1_720_320, null, Llama2),
        new("Llama 3 8B, 15T tokens", "H100-SXM", "llama-3-8b", 15e12, 8192, 1.3e6, null, Llama3),
        new("Llama 3 70B, 15T tokens", "H100-SXM", "llama-3-70b", 15e12, 8192, 6.4e6, null, Llama3),
        new("Llama 3.1 8B, 15T tokens", "H100-SXM", "llama-3-8b", 15e12, 8192, 1.46e6, null, Llama31),
        new("Llama 3.1 70B, 15T tokens", "H100-SXM", "llama-3-70b", 15e12, 8192, 7.0e6, null, Llama31),
        new("Llama 3.1 405B, 15.6T tokens", "H100-SXM", "llama-3.1-405b", 15.6e12, 8192, 30.84e6, null, Llama31),
    ];

    /// <summary>Steady-state throughput as published MFU: shown beside the defaults, not used to set them.</summary>
    public static IReadOnlyList<PublishedRun> SteadyState { get; } =
    [
        new("Megatron-LM GPT-3 175B, 64 A100 (selective recompute, SP)", "A100-80GB", "gpt3-175b", 0, 2048, null, 0.514,
            "Korthikanti et al. 2022, Table 5"),
        new("Megatron-LM 530B, 280 A100", "A100-80GB", null, 0, 2048, null, 0.560, "Korthikanti et al. 2022, Table 5"),
        new("MegaScale 175B, 12,288 GPUs", "A100-80GB", "gpt3-175b", 0, 2048, null, 0.552, "Jiang et al. 2024, MegaScale, abstract"),
        new("Llama 3 405B, 8,192 H100, 8K sequence", "H100-SXM", "llama-3.1-405b", 0, 8192, null, 0.43, Llama3Table4),
        new("Llama 3 405B, 16,384 H100, 8K sequence", "H100-SXM", "llama-3.1-405b", 0, 8192, null, 0.41, Llama3Table4),
        new("Llama 3 405B, 16,384 H100, 128K sequence", "H100-SXM", "llama-3.1-405b", 0, 131072, null, 0.38, Llama3Table4),
    ];
}
