using Gantry.Core;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;
using Gantry.Planning.Sizing;

namespace Gantry.Planning;

public sealed partial class Planner
{
    /// <summary>Sizes a fine-tune (full, LoRA or QLoRA): trainable parameters, memory per GPU, the fewest GPUs, and with tokens time and cost.</summary>
    public Outcome<FinetunePlan> Finetune(FinetunePlanInput input)
    {
        var log = new AssumptionLog();
        var subject = ResolveGpuAndModel(input.Gpu, input.Model, input.Params, log);
        if (!subject.IsOk)
            return subject.Error;
        var (gpu, model) = subject.Value;
        var arch = model.Arch;
        double? tokens = null;
        if (input.Tokens is not null)
        {
            var parsed = ScaledCount.Parse(input.Tokens, "tokens");
            if (!parsed.IsOk)
                return parsed.Error;
            tokens = parsed.Value;
        }

        var adapters = input.Method != FinetuneMethod.Full;
        var invalid = InputChecks.First(
            InputChecks.ZeroStage(input.ZeroStage),
            InputChecks.AtLeast(input.Gpus, 1, "gpus"),
            InputChecks.AtLeast(input.Tp, 1, "tp"),
            InputChecks.AtLeast(input.Pp, 1, "pp"),
            InputChecks.AtLeast(input.SeqLen, 1, "seq_len"),
            InputChecks.AtLeast(input.MicroBatch, 1, "micro_batch"),
            InputChecks.AtLeast(input.LoraRank, 1, "lora_rank"),
            InputChecks.Fraction(input.Mfu, "mfu"),
            InputChecks.Fraction(input.UsableMemoryFraction, "usable_memory_fraction"),
            InputChecks.Pue(input.Pue),
            ParallelismChecks(arch, input.Tp, input.Pp, input.Gpus),
            adapters && (input.ZeroStage is not null || input.Tp is not null || input.Pp is not null)
                ? GantryError.Invalid("zero_stage, tp and pp apply to a full fine-tune; LoRA and QLoRA shard only the frozen weights")
                : null,
            input.SeqLen > arch.Context && model.Name is not null
                ? GantryError.Invalid($"seq_len {input.SeqLen} is longer than {model.Name}'s context of {arch.Context} tokens")
                : null);
        if (invalid is not null)
            return invalid;

        var seq = input.SeqLen ?? Math.Min(2048, arch.Context);
        var microBatch = input.MicroBatch ?? 1;
        if (input.SeqLen is null)
            log.Add("seq_len", seq, "Gantry default: 2048 tokens, or the model's context if shorter");
        if (input.MicroBatch is null)
            log.Add("micro_batch", 1, "Gantry default: one sequence per micro-batch");
        var usable = log.Pick(DefaultNames.UsableMemoryFraction, input.UsableMemoryFraction, Catalog.Default(DefaultNames.UsableMemoryFraction));
        var capacity = gpu.MemoryBytes * usable;

        var sized = adapters
            ? SizeAdapters(input, model, gpu, seq, microBatch, capacity, log)
            : SizeFull(input, model, gpu, seq, microBatch, capacity, log);
        if (!sized.IsOk)
            return sized.Error;
        var plan = sized.Value;

        if (tokens is not { } t)
        {
            log.Add("tokens", "not given", "memory only: give tokens (all epochs) for time, energy and cost");
            return plan with { Assumptions = log.Items };
        }

        var gpuClass = Catalog.ClassOf(gpu);
        var mfu = input.Mfu ?? gpuClass.DefaultMfu;
        log.Add("mfu", mfu, input.Mfu is null ? MfuSource(gpuClass) + "; set for pre-training" : AssumptionLog.Given);
        var flops = adapters
            ? TrainingCompute.AdapterFlops(model.ActiveParams, t, arch.Layers, arch.AttentionDim, seq)
            : TrainingCompute.FlopsWithAttention(model.ActiveParams, t, arch.Layers, arch.AttentionDim, seq);
        var peak = gpu.Bf16Tflops * 1e12;
        var seconds = TrainingCompute.Seconds(flops, plan.Gpus, peak, mfu);
        var gpuHours = seconds * plan.Gpus / 3600;
        var pue = log.Pick(DefaultNames.Pue, input.Pue, Catalog.Default(DefaultNames.Pue));
        var hostFactor = log.Pick(DefaultNames.HostPowerFactor, null, Catalog.Default(DefaultNames.HostPowerFactor));
        var onPremUtilization = Catalog.OnPremPricesFor(gpu).Any()
            ? log.Pick(DefaultNames.OnPremUtilization, null, Catalog.Default(DefaultNames.OnPremUtilization))
            : 1;
        var costs = PriceGpuHours(gpu, gpuHours, pue, onPremUtilization, log);
        return plan with
        {
            Tokens = t,
            TotalFlops = flops,
            Mfu = mfu,
            GpuHours = gpuHours,
            WallClockHours = seconds / 3600,
            EnergyKwh = EnergyModel.Kwh(gpuHours, gpu.TdpW, hostFactor, pue),
            Costs = costs,
            Assumptions = log.Items,
        };
    }

    private Outcome<FinetunePlan> SizeFull(
        FinetunePlanInput input, ResolvedModel model, GpuSpec gpu, int seq, int microBatch, double capacity, AssumptionLog log)
    {
        var problem = new MemoryProblem(model.Params, model.Arch, seq, microBatch, capacity,
            input.ZeroStage, input.Tp, input.Pp, input.Recompute, SequenceParallel: true);
        var smallest = LayoutSearch.Smallest(problem);
        if (smallest is null)
            return NoFit(model, gpu, problem);
        var fitting = input.Gpus is { } g ? LayoutSearch.FirstFitting(problem, g) : smallest;
        var fit = fitting ?? LeastMemory(problem, input.Gpus!.Value);
        if (input.Gpus is null)
            log.Add("gpus", fit.Layout.Gpus, "not given: the smallest count that fits");
        LogLayout(log, input.ZeroStage, input.Tp, input.Pp, input.Recompute, fit.Layout, input.Gpus is null);
        return new FinetunePlan
        {
            Model = model.Name,
            Method = FinetuneMethod.Full,
            Params = model.Params,
            TrainableParams = model.Params,
            Gpu = gpu.Name,
            Gpus = fit.Layout.Gpus,
            SeqLen = seq,
            MicroBatch = microBatch,
            WeightsBytes = (long)StorageModel.WeightsBytes(model.Params, 2),
            TrainableStatesBytesPerGpu = (long)Math.Ceiling(fit.ModelStatesBytes),
            ModelStatesBytesPerGpu = (long)Math.Ceiling(fit.ModelStatesBytes),
            ActivationBytesPerGpu = (long)Math.Ceiling(fit.ActivationBytes),
            MemoryPerGpuBytes = (long)Math.Ceiling(fit.TotalBytes),
            UsableMemoryPerGpuBytes = (long)capacity,
            Fits = fitting is not null,
            MinGpus = smallest.Layout.Gpus,
            ZeroStage = fit.Layout.ZeroStage,
            Tp = fit.Layout.Tp,
            Pp = fit.Layout.Pp,
            Recompute = fit.Layout.Recompute,
            CheckpointBytes = (long)StorageModel.WeightsBytes(model.Params, 2),
            Costs = [],
            Assumptions = [],
        };
    }

    private static Outcome<FinetunePlan> SizeAdapters(
        FinetunePlanInput input, ResolvedModel model, GpuSpec gpu, int seq, int microBatch, double capacity, AssumptionLog log)
    {
        var arch = model.Arch;
        var rank = input.LoraRank ?? 16;
        if (input.LoraRank is null)
            log.Add("lora_rank", rank, "Gantry default: rank 16 on every linear layer of every block (QLoRA section 4: all layers are needed)");
        var recompute = input.Recompute ?? Recompute.Full;
        if (input.Recompute is null)
            log.Add("recompute", "full", "gradient checkpointing, as the QLoRA recipe and Hugging Face PEFT use");

        var trainable = LoraModel.TrainableParams(arch, rank) * (model.Params / arch.Params);
        var states = LoraModel.TrainableStateBytes(trainable);
        var weights = input.Method == FinetuneMethod.Qlora
            ? LoraModel.QloraWeightBytes(arch, model.Params)
            : StorageModel.WeightsBytes(model.Params, 2);
        log.Add("base_weights", input.Method == FinetuneMethod.Qlora ? "NF4 with double quantisation, embeddings in bf16" : "bf16",
            input.Method == FinetuneMethod.Qlora ? "Dettmers et al. 2023, QLoRA, section 3: 4.127 bits per weight" : "Hu et al. 2021, LoRA: frozen 16-bit weights");
        var activations = ActivationMemory.TotalBytes(arch, seq, microBatch, new ParallelLayout(0, 1, 1, 1, recompute, false));

        // The frozen weights may be spread over GPUs (FSDP, or a device map); adapter states and activations are per GPU.
        var room = capacity - states - activations;
        if (room <= 0)
        {
            return GantryError.Invalid(
                $"{model.Name ?? ScaledCount.Format(model.Params) + " parameters"} cannot be {input.Method.ToString().ToLowerInvariant()}-tuned on {gpu.Name}: " +
                $"adapter states ({Gb(states)}) and activations ({Gb(activations)}) alone exceed the {Gb(capacity)} usable per GPU. " +
                "Try a shorter seq_len or micro_batch, a lower lora_rank, or a GPU with more memory.");
        }

        var minGpus = Math.Max(1, (int)Math.Ceiling(weights / room));
        var gpus = input.Gpus ?? minGpus;
        if (input.Gpus is null)
            log.Add("gpus", gpus, "not given: the smallest count that fits");
        var memory = weights / gpus + states + activations;
        return new FinetunePlan
        {
            Model = model.Name,
            Method = input.Method,
            Params = model.Params,
            TrainableParams = trainable,
            Gpu = gpu.Name,
            Gpus = gpus,
            SeqLen = seq,
            MicroBatch = microBatch,
            LoraRank = rank,
            WeightsBytes = (long)weights,
            TrainableStatesBytesPerGpu = (long)Math.Ceiling(states),
            ModelStatesBytesPerGpu = (long)Math.Ceiling(weights / gpus + states),
            ActivationBytesPerGpu = (long)Math.Ceiling(activations),
            MemoryPerGpuBytes = (long)Math.Ceiling(memory),
            UsableMemoryPerGpuBytes = (long)capacity,
            Fits = memory <= capacity,
            MinGpus = minGpus,
            Recompute = recompute,
            // PEFT saves adapters in fp32.
            CheckpointBytes = (long)(trainable * 4),
            Costs = [],
            Assumptions = [],
        };
    }
}
