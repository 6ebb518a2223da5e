using Gantry.Planning.Plans;

namespace Gantry.Planning.Tests;

public sealed class TrainPlanTests
{
    private static readonly Planner Planner = Planner.Default;

    [Fact]
    public void Gpt3_175B_On300BTokens_Is3_14e23Flops()
    {
        // Brown et al. 2020, Table D.1: 3.14e23 FLOPs.
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "gpt3-175b", Tokens = "300B", Gpu = "A100-80GB", Gpus = 1024 }));
        Expect.Near(3.14e23, plan.TotalFlops, 0.002);

        var byParams = Expect.Ok(Planner.Train(new TrainPlanInput { Params = "175B", Tokens = "300B", Gpu = "A100-80GB", Gpus = 1024 }));
        Expect.Near(3.14e23, byParams.TotalFlops, 0.005);
    }

    [Fact]
    public void AttentionTerm_Is12LHSD()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "gpt3-175b", Tokens = "300B", Gpu = "A100-80GB", Gpus = 1024 }));
        Assert.Equal(12.0 * 96 * 12288 * 2048 * 300e9, plan.TotalFlopsWithAttention - plan.TotalFlops, 1e-9 * plan.TotalFlops);
    }

    [Fact]
    public void WallClock_ReproducesLlama65B_21Days()
    {
        // LLaMA (Touvron et al. 2023, section 2.4): 380 tokens/s/GPU on 2048 A100-80GB, 1.4T tokens ≈ 21 days.
        // The MFU that throughput means under the planner's FLOP count:
        const double flopsPerToken = (6 * 65.2e9) + (12.0 * 80 * 8192 * 2048);
        var mfu = flopsPerToken * 380 / 312e12;
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput
        {
            Model = "llama-65b",
            Tokens = "1.4T",
            Gpu = "A100-80GB",
            Gpus = 2048,
            Mfu = mfu,
        }));
        Expect.Near(1.4e12 / (2048 * 380.0) / 86400, plan.WallClockDays, 1e-9);
        Assert.InRange(plan.WallClockDays, 20.5, 21.5);
        Expect.Near(plan.WallClockHours * 2048, plan.GpuHours, 1e-12);
    }

    [Fact]
    public void WallClock_IsFlopsOverGpusPeakAndMfu()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput
        {
            Model = "llama-2-7b",
            Tokens = "2T",
            Gpu = "H100",
            Gpus = 512,
            Mfu = 0.4,
        }));
        var seconds = plan.TotalFlopsWithAttention / (512 * 989e12 * 0.4);
        Expect.Near(seconds / 3600, plan.WallClockHours, 1e-12);
        Assert.Equal(0.4, plan.Mfu);
        Assert.Contains(plan.Assumptions, a => a.Name == "mfu" && a.Source == "given");
    }

    [Fact]
    public void DefaultMfu_ComesFromTheGpuClass()
    {
        var a100 = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-2-7b", Tokens = "2T", Gpu = "A100-80GB", Gpus = 64 }));
        var h100 = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-2-7b", Tokens = "2T", Gpu = "H100", Gpus = 64 }));
        Assert.Equal(Planner.Catalog.Classes.Single(c => c.Name == "ampere-sxm").DefaultMfu, a100.Mfu);
        Assert.Equal(Planner.Catalog.Classes.Single(c => c.Name == "hopper").DefaultMfu, h100.Mfu);
        Assert.Contains(a100.Assumptions, a => a.Name == "mfu" && a.Source.Contains("ampere-sxm", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 120.0)]
    [InlineData(1, 31.4)]
    [InlineData(2, 16.6)]
    [InlineData(3, 1.88)]
    public void ModelStates_ReproduceTheZeroPapersExample(int stage, double gigabytes)
    {
        // Rajbhandari et al. 2020, Figure 1: Ψ = 7.5B on N_d = 64 GPUs. On a 192 GB GPU so that stage 0 fits too.
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput
        {
            Params = "7.5B",
            Tokens = "100B",
            Gpu = "MI300X",
            Gpus = 64,
            ZeroStage = stage,
            Tp = 1,
            Pp = 1,
        }));
        Assert.Equal(64, plan.Dp);
        Assert.Equal(gigabytes, plan.ModelStatesBytesPerGpu / 1e9, gigabytes < 2 ? 0.005 : 0.05);
        Assert.True(plan.Fits);
    }

    [Fact]
    public void MinGpus_IsTheSmallestCountThatFits()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-2-7b", Tokens = "2T", Gpu = "A100-80GB" }));
        Assert.Equal(plan.MinGpus, plan.Gpus);
        Assert.True(plan.Fits);
        Assert.True(plan.MemoryPerGpuBytes <= plan.UsableMemoryPerGpuBytes);
        Assert.True(plan.MinGpus > 1, "7B with Adam (112 GB of states) cannot fit on one 80 GB GPU");

        var fewer = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-2-7b", Tokens = "2T", Gpu = "A100-80GB", Gpus = plan.MinGpus - 1 }));
        Assert.False(fewer.Fits);
        Assert.Equal(plan.MinGpus, fewer.MinGpus);
    }

    [Fact]
    public void GivenGpus_PicksTheLeastParallelismThatFits()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-2-7b", Tokens = "2T", Gpu = "A100-80GB", Gpus = 64 }));
        Assert.True(plan.Fits);
        Assert.Equal(64, plan.Gpus);
        Assert.Equal(1, plan.Tp);
        Assert.Equal(1, plan.Pp);
        Assert.Equal(64, plan.Dp);
        Assert.Equal(1, plan.ZeroStage); // stage 0 needs 112 GB per GPU; stage 1 shards the 81 GB of Adam states
        Assert.Equal(Recompute.Selective, plan.Recompute);
    }

    [Fact]
    public void Llama405B_NeedsModelParallelism()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-3.1-405b", Tokens = "15.6T", Gpu = "H100", Gpus = 16384 }));
        Assert.True(plan.Fits);
        // Selective recomputation of 126 layers at 8K tokens outgrows 80 GB even at tp 8, so full recomputation it is.
        Assert.Equal(Recompute.Full, plan.Recompute);
        Expect.Near(3.8e25, plan.TotalFlops, 0.01); // the Llama 3 paper's 3.8 × 10^25
    }

    [Fact]
    public void StorageNetworkAndEnergy_FollowTheirModels()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput
        {
            Model = "llama-2-70b",
            Tokens = "2T",
            Gpu = "A100-80GB",
            Gpus = 2048,
            Pue = 1.0,
        }));
        Assert.Equal((long)(68.98e9 * 14), plan.CheckpointBytes);
        Assert.Equal((long)(68.98e9 * 2), plan.WeightsBytes);
        Assert.Equal((long)(2e12 * 2), plan.DatasetBytes); // vocabulary 32,000 fits uint16
        Assert.Equal(Math.Ceiling(2e12 / 4194304), plan.Steps);
        Assert.True(plan.GradientSyncBytesPerGpuPerStep > 0);
        Expect.Near(plan.GpuHours * 0.4, plan.EnergyKwh, 1e-12); // 400 W, PUE 1, GPU power only
    }

    [Fact]
    public void GradientSync_IsARingAllReduceOfBf16Gradients()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput
        {
            Model = "llama-2-7b",
            Tokens = "2T",
            Gpu = "A100-80GB",
            Gpus = 64,
            ZeroStage = 1,
            Tp = 1,
            Pp = 1,
        }));
        var expected = 2 * (2 * 6.74e9) * 63 / 64;
        Expect.Near(expected, plan.GradientSyncBytesPerGpuPerStep, 1e-6);
        var stage3 = Expect.Ok(Planner.Train(new TrainPlanInput
        {
            Model = "llama-2-7b",
            Tokens = "2T",
            Gpu = "A100-80GB",
            Gpus = 64,
            ZeroStage = 3,
            Tp = 1,
            Pp = 1,
        }));
        Expect.Near(expected * 1.5, stage3.GradientSyncBytesPerGpuPerStep, 1e-6);
    }

    [Fact]
    public void Costs_PriceEveryOfferForTheGpu()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-2-7b", Tokens = "2T", Gpu = "H100", Gpus = 256 }));
        var p5 = plan.Costs.Single(c => c.Option == "cloud_on_demand" && c.Offer == "aws-p5.48xlarge-us-east-1");
        Expect.Near(plan.GpuHours * 6.88, p5.TotalUsd!.Value, 1e-12);
        Assert.Contains(plan.Costs, c => c.Option == "cloud_spot");
        Assert.Contains(plan.Costs, c => c.Option == "on_prem");
        Assert.All(plan.Costs, c => Assert.True(c.UsdPerGpuHour > 0));
    }

    [Fact]
    public void Assumptions_AreListedWithSources()
    {
        var plan = Expect.Ok(Planner.Train(new TrainPlanInput { Params = "7B", Tokens = "2T", Gpu = "H100" }));
        Assert.Contains(plan.Assumptions, a => a.Name == "architecture");
        Assert.Contains(plan.Assumptions, a => a.Name == "gpus");
        Assert.Contains(plan.Assumptions, a => a.Name == "pue");
        Assert.All(plan.Assumptions, a => Assert.False(string.IsNullOrWhiteSpace(a.Source), a.Name));
    }

    [Theory]
    [InlineData("-1", "2T", "A100-80GB", null, "params must be positive")]
    [InlineData("7B", "2T", "V100", null, "unknown GPU 'V100'")]
    [InlineData("7B", "2T", "A100-80GB", 5, "zero_stage must be 0, 1, 2 or 3 (got 5)")]
    [InlineData("7B", null, "A100-80GB", null, "tokens must be given")]
    [InlineData(null, "2T", "A100-80GB", null, "give a model name (model) or a parameter count (params)")]
    public void BadInput_GivesAClearError(string? parameters, string? tokens, string gpu, int? zero, string says)
    {
        var message = Expect.Invalid(Planner.Train(new TrainPlanInput { Params = parameters, Tokens = tokens, Gpu = gpu, ZeroStage = zero }));
        Assert.Contains(says, message);
    }

    [Fact]
    public void ModelThatFitsOnNoGpuCount_GivesAClearError()
    {
        // ZeRO-0 without model parallelism keeps 16 bytes a parameter on every GPU: 1.1 TB for 70B.
        var message = Expect.Invalid(Planner.Train(new TrainPlanInput
        {
            Params = "70B",
            Tokens = "2T",
            Gpu = "A100-80GB",
            ZeroStage = 0,
            Tp = 1,
            Pp = 1,
        }));
        Assert.Contains("does not fit on any number of A100-80GB GPUs", message);
        Assert.Contains("zero_stage 3", message);

        // Even with everything open, a million-token sequence does not fit a T4.
        var longSeq = Expect.Invalid(Planner.Train(new TrainPlanInput { Params = "175B", Tokens = "1T", Gpu = "T4", SeqLen = 1_000_000 }));
        Assert.Contains("does not fit on any number of T4 GPUs", longSeq);
    }

    [Theory]
    [InlineData(1.5, null, null, "mfu must be more than 0 and at most 1")]
    [InlineData(null, 3, null, "tp 3 must divide the model's 32 attention heads")]
    [InlineData(null, 2, 102, "gpus 102 must be a multiple of tp × pp = 4")]
    public void BadParallelism_GivesAClearError(double? mfu, int? tp, int? gpus, string says)
    {
        var message = Expect.Invalid(Planner.Train(new TrainPlanInput
        {
            Model = "llama-2-7b",
            Tokens = "2T",
            Gpu = "H100",
            Mfu = mfu,
            Tp = tp,
            Pp = tp is null ? null : 2,
            Gpus = gpus,
        }));
        Assert.Contains(says, message);
    }

    [Fact]
    public void Fp8_OnAGpuWithoutIt_IsRefused()
    {
        Assert.Contains("no FP8", Expect.Invalid(Planner.Train(new TrainPlanInput
        {
            Model = "llama-2-7b",
            Tokens = "2T",
            Gpu = "A100-80GB",
            Precision = NumericPrecision.Fp8,
        })));
        var h100 = Expect.Ok(Planner.Train(new TrainPlanInput { Model = "llama-2-7b", Tokens = "2T", Gpu = "H100", Gpus = 64, Precision = NumericPrecision.Fp8 }));
        Assert.Equal(1979e12, h100.PeakFlopsPerGpu);
    }
}
