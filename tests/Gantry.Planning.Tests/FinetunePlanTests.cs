using Gantry.Planning.Plans;

namespace Gantry.Planning.Tests;

public sealed class FinetunePlanTests
{
    private static readonly Planner Planner = Planner.Default;

    [Fact]
    public void Qlora_65B_FitsOnOne48GbGpu()
    {
        // Dettmers et al. 2023: QLoRA fine-tunes a 65B model on a single 48 GB GPU.
        var plan = Expect.Ok(Planner.Finetune(new FinetunePlanInput { Model = "llama-65b", Method = FinetuneMethod.Qlora, Gpu = "L40S", SeqLen = 512 }));
        Assert.Equal(1, plan.MinGpus);
        Assert.True(plan.Fits);
        Assert.InRange(plan.WeightsBytes / 1e9, 33, 36);
    }

    [Fact]
    public void Lora_65B_InBf16_NeedsSeveral48GbGpus()
    {
        var plan = Expect.Ok(Planner.Finetune(new FinetunePlanInput { Model = "llama-65b", Method = FinetuneMethod.Lora, Gpu = "L40S", SeqLen = 512 }));
        Assert.True(plan.MinGpus >= 3, $"130 GB of bf16 weights need at least 3 GPUs, got {plan.MinGpus}");
    }

    [Fact]
    public void Lora_7B_TrainsAFractionOfAPercent()
    {
        var plan = Expect.Ok(Planner.Finetune(new FinetunePlanInput { Model = "llama-2-7b", Method = FinetuneMethod.Lora, Gpu = "A100-80GB" }));
        Assert.Equal(39_976_960, plan.TrainableParams);
        Assert.Equal(1, plan.Gpus);
        Assert.Equal(Recompute.Full, plan.Recompute);
        Assert.Null(plan.GpuHours);
        Assert.Contains(plan.Assumptions, a => a.Name == "tokens");
    }

    [Fact]
    public void Full_7B_NeedsMoreThanOneGpu_AndTokensGiveTimeAndCost()
    {
        var plan = Expect.Ok(Planner.Finetune(new FinetunePlanInput
        {
            Model = "llama-2-7b",
            Method = FinetuneMethod.Full,
            Gpu = "A100-80GB",
            Tokens = "100M",
        }));
        Assert.True(plan.MinGpus > 1);
        Assert.NotNull(plan.GpuHours);
        Assert.NotEmpty(plan.Costs);
        Expect.Near((6 * 6.74e9 * 100e6) + (12.0 * 32 * 4096 * 2048 * 100e6), plan.TotalFlops!.Value, 1e-12);
    }

    [Fact]
    public void Lora_CostsFewerFlopsThanFull()
    {
        var lora = Expect.Ok(Planner.Finetune(new FinetunePlanInput { Model = "llama-2-7b", Method = FinetuneMethod.Lora, Gpu = "A100-80GB", Tokens = "100M" }));
        var full = Expect.Ok(Planner.Finetune(new FinetunePlanInput { Model = "llama-2-7b", Method = FinetuneMethod.Full, Gpu = "A100-80GB", Tokens = "100M" }));
        Assert.True(lora.TotalFlops < full.TotalFlops);
    }

    [Theory]
    [InlineData(FinetuneMethod.Lora, null, 2, "zero_stage, tp and pp apply to a full fine-tune")]
    [InlineData(FinetuneMethod.Lora, 0, null, "lora_rank must be at least 1")]
    public void BadInput_GivesAClearError(FinetuneMethod method, int? rank, int? tp, string says)
    {
        Assert.Contains(says, Expect.Invalid(Planner.Finetune(new FinetunePlanInput
        {
            Model = "llama-2-7b",
            Method = method,
            Gpu = "A100-80GB",
            LoraRank = rank,
            Tp = tp,
        })));
    }

    [Fact]
    public void Adapters_ThatCannotFitAnyGpuCount_GiveAClearError()
    {
        Assert.Contains("cannot be lora-tuned on T4", Expect.Invalid(Planner.Finetune(new FinetunePlanInput
        {
            Model = "llama-2-70b",
            Method = FinetuneMethod.Lora,
            Gpu = "T4",
            SeqLen = 4096,
            MicroBatch = 64,
        })));
    }
}
