using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;
using Gantry.Planning.Sizing;

namespace Gantry.Planning.Tests;

public sealed class SizingTests
{
    private static ModelArchitecture Model(string name) => Expect.Ok(PlanningCatalog.BuiltIn.FindModel(name));

    [Theory]
    [InlineData(0, 120e9)]
    [InlineData(1, 31.40625e9)]
    [InlineData(2, 16.640625e9)]
    [InlineData(3, 1.875e9)]
    public void ZeroStages_MatchThePapersFormulas(int stage, double bytes)
    {
        // 2Ψ + 2Ψ + 12Ψ; stage 1: 4Ψ + 12Ψ/N_d; stage 2: 2Ψ + 14Ψ/N_d; stage 3: 16Ψ/N_d, for Ψ = 7.5B, N_d = 64.
        Assert.Equal(bytes, ModelStateMemory.BytesPerGpu(7.5e9, 64, stage), 1.0);
    }

    [Fact]
    public void Activations_MatchKorthikantiTable2_ForGpt3()
    {
        // GPT-3 175B: s = 2048, b = 1, h = 12288, a = 96 heads, L = 96.
        var gpt3 = Model("gpt3-175b");
        const double s = 2048, b = 1, h = 12288, a = 96;
        const int t = 8;
        var sbh = s * b * h;
        Assert.Equal(sbh * (34 + (5 * a * s / h)), ActivationMemory.PerLayerBytes(gpt3, 2048, 1, 1, false, Recompute.None), 1.0);
        Assert.Equal(sbh * (10 + (24.0 / t) + (5 * a * s / (h * t))), ActivationMemory.PerLayerBytes(gpt3, 2048, 1, t, false, Recompute.None), 1.0);
        Assert.Equal(sbh * ((34.0 / t) + (5 * a * s / (h * t))), ActivationMemory.PerLayerBytes(gpt3, 2048, 1, t, true, Recompute.None), 1.0);
        Assert.Equal(34 * sbh / t, ActivationMemory.PerLayerBytes(gpt3, 2048, 1, t, true, Recompute.Selective), 1.0);
        Assert.Equal(2 * sbh / t, ActivationMemory.PerLayerBytes(gpt3, 2048, 1, t, true, Recompute.Full), 1.0);
    }

    [Fact]
    public void Activations_ThroughAPipeline_StayLLayersOnTheFirstStage()
    {
        var gpt3 = Model("gpt3-175b");
        var perLayer = ActivationMemory.PerLayerBytes(gpt3, 2048, 1, 8, true, Recompute.Selective);
        var layout = new ParallelLayout(1, 8, 8, 1, Recompute.Selective, true);
        Assert.Equal(perLayer * 96, ActivationMemory.TotalBytes(gpt3, 2048, 1, layout), 1.0);
    }

    [Fact]
    public void KvCache_Llama2_7B_Is512KiBPerToken()
    {
        Assert.Equal(512 * 1024, KvCache.BytesPerToken(Model("llama-2-7b"), 2));
    }

    [Fact]
    public void KvCache_Llama3_70B_WithGqa_Is320KiBPerToken()
    {
        Assert.Equal(320 * 1024, KvCache.BytesPerToken(Model("llama-3-70b"), 2));
    }

    [Fact]
    public void KvCache_SlidingWindow_CapsMistral()
    {
        Assert.Equal(4096, KvCache.CachedTokens(Model("mistral-7b"), 32768));
        Assert.Equal(1000, KvCache.CachedTokens(Model("mistral-7b"), 1000));
        Assert.Equal(32768, KvCache.CachedTokens(Model("mixtral-8x7b"), 32768));
    }

    [Fact]
    public void Lora_Llama2_7B_Rank16_AllLinearLayers_TrainsAbout40MParameters()
    {
        // PEFT reports 39,976,960 trainable parameters for this configuration.
        Assert.Equal(39_976_960, LoraModel.TrainableParams(Model("llama-2-7b"), 16));
    }

    [Fact]
    public void Qlora_Weights_Are4Point127BitsExceptEmbeddings()
    {
        var llama = Model("llama-65b");
        var embeddings = 32000.0 * 8192 * 2;
        Assert.Equal(((65.2e9 - embeddings) * 4.127 / 8) + (embeddings * 2), LoraModel.QloraWeightBytes(llama, 65.2e9), 1.0);
    }

    [Fact]
    public void Energy_Llama2_70B_ModelCard()
    {
        // 1,720,320 GPU-hours at 400 W: 688,128 kWh before PUE.
        Assert.Equal(688_128, EnergyModel.Kwh(1_720_320, 400, 1, 1), 1e-6);
    }

    [Fact]
    public void ArchitectureInference_RecoversGpt3Shape()
    {
        var inferred = ArchitectureInference.FromParams(175e9);
        Assert.Equal(12288, inferred.Hidden);
        Assert.InRange(inferred.Layers, 95, 97);
        Assert.Equal(96, inferred.Heads);
    }

    [Fact]
    public void BreakEven_IsWhereOwningEqualsRenting()
    {
        var fleet = new OwnedFleet(40_000, 5, 0.1, 1.275, 1.58, 0.19, 0.3);
        var u = fleet.BreakEvenUtilization(6.88)!.Value;
        Expect.Near(fleet.Total(64, 3, u), 64 * 8760 * 3 * u * 6.88, 1e-12);
        Assert.Null(fleet.BreakEvenUtilization(0.5)); // renting at $0.50 beats owning at any utilisation
    }
}
