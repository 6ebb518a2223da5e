using Gantry.Planning.Plans;

namespace Gantry.Planning.Tests;

public sealed class ServePlanTests
{
    private static readonly Planner Planner = Planner.Default;

    [Fact]
    public void Llama2_7B_KvCache_Is512KiBPerToken()
    {
        var plan = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-7b", Gpu = "A100-80GB", Context = 4096, Concurrency = 8 }));
        Assert.Equal(524_288, plan.KvCacheBytesPerToken);
        Assert.Equal(524_288L * 4096 * 8, plan.KvCacheBytes);
        Assert.Equal((long)(6.74e9 * 2), plan.WeightsBytes);
    }

    [Fact]
    public void Llama3_70B_WithGqa_KvCache_Is320KiBPerToken()
    {
        var plan = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-3-70b", Gpu = "H100", Context = 8192, Concurrency = 1 }));
        Assert.Equal(327_680, plan.KvCacheBytesPerToken);
    }

    [Fact]
    public void DecodeBound_IsBandwidthOverBytesReadPerStep()
    {
        // One sequence: each token reads 13.5 GB of weights and 2 GiB of KV cache at 2.039 TB/s.
        var plan = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-7b", Gpu = "A100-80GB", Context = 4096, Concurrency = 1 }));
        var bytesPerStep = (6.74e9 * 2) + (524_288.0 * 4096);
        Expect.Near(2.039e12 / bytesPerStep, plan.DecodeTokensPerSUpperBound, 1e-9);
        Expect.Near(bytesPerStep / 2.039e12 * 1000, plan.TimePerOutputTokenMsLowerBound, 1e-9);
        Assert.Equal(1, plan.GpusNeeded);
    }

    [Fact]
    public void Llama2_70B_PicksTheTensorParallelGroupThatUsesFewestGpus()
    {
        // 138 GB of weights: two 80 GB GPUs leave room for 4 sequences of 4K; four leave room for all 32.
        var plan = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-70b", Gpu = "A100-80GB", Context = 4096, Concurrency = 32 }));
        Assert.Equal(4, plan.GpusPerReplica);
        Assert.Equal(1, plan.Replicas);
        Assert.Equal(4, plan.GpusNeeded);
        Assert.True(plan.MemoryPerGpuBytes <= plan.UsableMemoryPerGpuBytes);
    }

    [Fact]
    public void RequestRate_AddsReplicasUntilTheBoundMeetsIt()
    {
        var light = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-7b", Gpu = "A100-80GB", Context = 2048, Concurrency = 64, Qps = 1, OutputTokens = 200 }));
        var heavy = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-7b", Gpu = "A100-80GB", Context = 2048, Concurrency = 64, Qps = 40, OutputTokens = 200 }));
        Assert.True(light.MeetsLoad);
        Assert.True(heavy.MeetsLoad);
        Assert.True(heavy.GpusNeeded > light.GpusNeeded);
        Assert.True(heavy.DecodeTokensPerSUpperBound >= 8000);
        Assert.Equal(8000, heavy.RequiredTokensPerS);
    }

    [Fact]
    public void UsdPerMillionTokens_IsFleetPriceOverTokens()
    {
        var plan = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-70b", Gpu = "H100", Context = 4096, Concurrency = 64 }));
        var cheapest = plan.Costs.Where(c => c.Option == "cloud_on_demand").MinBy(c => c.UsdPerGpuHour)!;
        var expected = cheapest.UsdPerGpuHour * plan.GpusNeeded / (plan.DecodeTokensPerSUpperBound * 3600) * 1e6;
        Expect.Near(expected, plan.UsdPerMillionTokens!.Value, 1e-12);
    }

    [Fact]
    public void NoPriceForTheGpu_LeavesTheCostNullAndSaysSo()
    {
        var plan = Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-7b", Gpu = "A10G", Context = 2048 }));
        Assert.Null(plan.UsdPerMillionTokens);
        Assert.Contains(plan.Assumptions, a => a.Name == "costs");
    }

    [Theory]
    [InlineData("llama-2-7b", null, 100_000, "context 100000 is longer than llama-2-7b's 4096 tokens")]
    [InlineData(null, "1T", 2048, "does not fit on 8 T4 GPUs")]
    public void BadInput_GivesAClearError(string? model, string? parameters, int context, string says)
    {
        Assert.Contains(says, Expect.Invalid(Planner.Serve(new ServePlanInput { Model = model, Params = parameters, Gpu = "T4", Context = context })));
    }
}
