using Gantry.Core;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;
using Gantry.Planning.Sizing;

namespace Gantry.Planning;

public sealed partial class Planner
{
    /// <summary>Sizes a pre-training run: FLOPs, GPU-hours and wall-clock, memory per GPU and the fewest GPUs that fit, storage, traffic, energy, cost.</summary>
    public Outcome<TrainPlan> Train(TrainPlanInput input)
    {
        var log = new AssumptionLog();
        var subject = ResolveGpuAndModel(input.Gpu, input.Model, input.Params, log);
        if (!subject.IsOk)
            return subject.Error;
        var (gpu, model) = subject.Value;
        var arch = model.Arch;
        var tokensParsed = ScaledCount.Parse(input.Tokens, "tokens");
        if (!tokensParsed.IsOk)
            return tokensParsed.Error;
        var tokens = tokensParsed.Value;

        var invalid = InputChecks.First(
            InputChecks.ZeroStage(input.ZeroStage),
            InputChecks.AtLeast(input.Gpus, 1, "gpus"),
            InputChecks.AtLeast(input.Tp, 1, "tp"),
            InputChecks.AtLeast(input.Pp, 1, "pp"),
            InputChecks.AtLeast(input.SeqLen, 1, "seq_len"),
            InputChecks.AtLeast(input.MicroBatch, 1, "micro_batch"),
            InputChecks.Fraction(input.Mfu, "mfu"),
            InputChecks.Fraction(input.UsableMemoryFraction, "usable_memory_fraction"),
            InputChecks.Fraction(input.OnPremUtilization, "onprem_utilization"),
            InputChecks.Pue(input.Pue),
            ParallelismChecks(arch, input.Tp, input.Pp, input.Gpus),
            input.SeqLen > arch.Context && model.Name is not null
                ? GantryError.Invalid($"seq_len {input.SeqLen} is longer than {model.Name}'s context of {arch.Context} tokens")
                : null);
        if (invalid is not null)
            return invalid;

        var precision = input.Precision ?? NumericPrecision.Bf16;
        var peak = PeakFlops(gpu, precision);
        if (!peak.IsOk)
            return peak.Error;
        log.Add("precision", PrecisionBytes.Name(precision), input.Precision is null ? "Gantry default: BF16 mixed precision" : AssumptionLog.Given);
        log.Add("peak_flops_per_gpu", peak.Value, gpu.Source);

        var seq = input.SeqLen ?? arch.TrainSeqLen;
        var microBatch = input.MicroBatch ?? 1;
        if (input.SeqLen is null)
            log.Add("seq_len", seq, model.Name is null ? "Gantry default without a model: GPT-3's 2048 tokens" : $"{arch.Name} pre-training sequence length ({arch.Source})");
        if (input.MicroBatch is null)
            log.Add("micro_batch", 1, "Gantry default: one sequence per micro-batch");
        var usable = log.Pick(DefaultNames.UsableMemoryFraction, input.UsableMemoryFraction, Catalog.Default(DefaultNames.UsableMemoryFraction));
        var capacity = gpu.MemoryBytes * usable;

        var problem = new MemoryProblem(model.Params, arch, seq, microBatch, capacity,
            input.ZeroStage, input.Tp, input.Pp, input.Recompute, input.SequenceParallel ?? true);
        var smallest = LayoutSearch.Smallest(problem);
        if (smallest is null)
            return NoFit(model, gpu, problem);

        LayoutFit fit;
        bool fits;
        if (input.Gpus is { } gpus)
        {
            var fitting = LayoutSearch.FirstFitting(problem, gpus);
            fits = fitting is not null;
            fit = fitting ?? LeastMemory(problem, gpus);
        }
        else
        {
            fit = smallest;
            fits = true;
            log.Add("gpus", fit.Layout.Gpus, "not given: the smallest count that fits");
        }

        var layout = fit.Layout;
        LogLayout(log, input.ZeroStage, input.Tp, input.Pp, input.Recompute, layout, input.Gpus is null);

        var gpuClass = Catalog.ClassOf(gpu);
        var mfu = input.Mfu ?? gpuClass.DefaultMfu;
        log.Add("mfu", mfu, input.Mfu is null ? MfuSource(gpuClass) : AssumptionLog.Given);

        var flops = TrainingCompute.SimpleFlops(model.ActiveParams, tokens);
        var flopsWithAttention = TrainingCompute.FlopsWithAttention(model.ActiveParams, tokens, arch.Layers, arch.AttentionDim, seq);
        var seconds = TrainingCompute.Seconds(flopsWithAttention, layout.Gpus, peak.Value, mfu);
        var gpuHours = seconds * layout.Gpus / 3600;

        var kept = DefaultValue(DefaultNames.CheckpointsKept);
        var rawBytesPerToken = DefaultValue(DefaultNames.RawTextBytesPerToken);
        log.Add(DefaultNames.CheckpointsKept, kept, Catalog.Default(DefaultNames.CheckpointsKept).Source);
        log.Add(DefaultNames.RawTextBytesPerToken, rawBytesPerToken, Catalog.Default(DefaultNames.RawTextBytesPerToken).Source);
        var checkpoint = StorageModel.CheckpointBytes(model.Params);
        var dataset = StorageModel.TokenizedBytes(tokens, arch.Vocab);
        var rawText = tokens * rawBytesPerToken;

        var batchParsed = input.GlobalBatchTokens is null
            ? Outcome<double>.Ok(log.Pick(DefaultNames.GlobalBatchTokens, null, Catalog.Default(DefaultNames.GlobalBatchTokens)))
            : ScaledCount.Parse(input.GlobalBatchTokens, "global_batch_tokens");
        if (!batchParsed.IsOk)
            return batchParsed.Error;
        var syncBytes = GradientSync.BytesPerGpuPerStep(model.Params, layout);
        var linkGbps = SyncBandwidth(gpu, layout, log);

        var pue = log.Pick(DefaultNames.Pue, input.Pue, Catalog.Default(DefaultNames.Pue));
        var hostFactor = log.Pick(DefaultNames.HostPowerFactor, null, Catalog.Default(DefaultNames.HostPowerFactor));
        log.Add("power_per_gpu_w", gpu.TdpW, gpu.Source);
        var energy = EnergyModel.Kwh(gpuHours, gpu.TdpW, hostFactor, pue);

        var onPremUtilization = Catalog.OnPremPricesFor(gpu).Any()
            ? log.Pick(DefaultNames.OnPremUtilization, input.OnPremUtilization, Catalog.Default(DefaultNames.OnPremUtilization))
            : 1;
        var costs = PriceGpuHours(gpu, gpuHours, pue, onPremUtilization, log);

        return new TrainPlan
        {
            Model = model.Name,
            Params = model.Params,
            ActiveParams = model.ActiveParams,
            Tokens = tokens,
            Gpu = gpu.Name,
            Gpus = layout.Gpus,
            TotalFlops = flops,
            TotalFlopsWithAttention = flopsWithAttention,
            Precision = precision,
            PeakFlopsPerGpu = peak.Value,
            Mfu = mfu,
            GpuHours = gpuHours,
            WallClockHours = seconds / 3600,
            WallClockDays = seconds / 86400,
            ZeroStage = layout.ZeroStage,
            Tp = layout.Tp,
            Pp = layout.Pp,
            Dp = layout.Dp,
            Recompute = layout.Recompute,
            SequenceParallel = layout.SequenceParallel,
            SeqLen = seq,
            MicroBatch = microBatch,
            ModelStatesBytesPerGpu = (long)Math.Ceiling(fit.ModelStatesBytes),
            ActivationBytesPerGpu = (long)Math.Ceiling(fit.ActivationBytes),
            MemoryPerGpuBytes = (long)Math.Ceiling(fit.TotalBytes),
            UsableMemoryPerGpuBytes = (long)capacity,
            Fits = fits,
            MinGpus = smallest.Layout.Gpus,
            CheckpointBytes = (long)checkpoint,
            WeightsBytes = (long)StorageModel.WeightsBytes(model.Params, 2),
            DatasetBytes = (long)dataset,
            RawTextBytes = (long)rawText,
            StorageBytes = (long)(checkpoint * kept + dataset + rawText),
            GlobalBatchTokens = batchParsed.Value,
            Steps = Math.Ceiling(tokens / batchParsed.Value),
            GradientSyncBytesPerGpuPerStep = (long)syncBytes,
            GradientSyncSecondsPerStepLowerBound = syncBytes / (linkGbps * 1e9),
            EnergyKwh = energy,
            Costs = costs,
            Assumptions = log.Items,
        };
    }

    private static string MfuSource(GpuClass gpuClass) =>
        $"{gpuClass.Name} class default ({(gpuClass.Calibrated ? "calibrated" : "uncalibrated")}): {gpuClass.Source}";

    private static Outcome<double> PeakFlops(GpuSpec gpu, NumericPrecision precision) => precision switch
    {
        NumericPrecision.Bf16 => gpu.Bf16Tflops * 1e12,
        NumericPrecision.Fp16 => gpu.Fp16Tflops * 1e12,
        NumericPrecision.Fp8 when gpu.Fp8Tflops is { } fp8 => fp8 * 1e12,
        NumericPrecision.Fp8 => GantryError.Invalid($"{gpu.Name} has no FP8 tensor cores; use bf16 or fp16"),
        _ => GantryError.Invalid($"training precision must be bf16, fp16 or fp8 (got {PrecisionBytes.Name(precision)})"),
    };

    private static GantryError? ParallelismChecks(ModelArchitecture arch, int? tp, int? pp, int? gpus)
    {
        if (tp is { } t && t >= 1 && arch.Heads % t != 0)
            return GantryError.Invalid($"tp {t} must divide the model's {arch.Heads} attention heads");
        if (pp is { } p && p > arch.Layers)
            return GantryError.Invalid($"pp {p} is more than the model's {arch.Layers} layers");
        var fixedParallel = (tp ?? 1) * (pp ?? 1);
        if (gpus is { } g && g >= 1 && g % fixedParallel != 0)
            return GantryError.Invalid($"gpus {g} must be a multiple of tp × pp = {fixedParallel}");
        return null;
    }

    /// <summary>At a GPU count where nothing fits, the layout that comes closest, to show how far off it is.</summary>
    private static LayoutFit LeastMemory(MemoryProblem problem, int gpus) =>
        LayoutSearch.Candidates(problem)
            .Where(c => gpus % c.ModelParallel == 0)
            .Select(c => LayoutSearch.Evaluate(problem, c with { Dp = gpus / c.ModelParallel }))
            .MinBy(f => f.TotalBytes)!;

    private static void LogLayout(AssumptionLog log, int? zero, int? tp, int? pp, Recompute? recompute, ParallelLayout layout, bool smallest)
    {
        var why = smallest ? "not given: chosen with the fewest GPUs that fit" : "not given: the least parallelism that fits on the given GPUs";
        if (zero is null)
            log.Add("zero_stage", layout.ZeroStage, why);
        if (tp is null)
            log.Add("tp", layout.Tp, why);
        if (pp is null)
            log.Add("pp", layout.Pp, why);
        if (recompute is null)
            log.Add("recompute", layout.Recompute.ToString().ToLowerInvariant(), why);
    }

    private double SyncBandwidth(GpuSpec gpu, ParallelLayout layout, AssumptionLog log)
    {
        // Eight GPUs share a node's GPU-to-GPU link; a ring that leaves the node runs at the network's pace.
        if (layout.Gpus <= 8)
            return gpu.InterconnectGbps;
        var network = Catalog.Default(DefaultNames.InterNodeGbpsPerGpu);
        log.Add(DefaultNames.InterNodeGbpsPerGpu, network.Value, network.Source);
        return Math.Min(gpu.InterconnectGbps, network.Value);
    }

    private static GantryError NoFit(ResolvedModel model, GpuSpec gpu, MemoryProblem problem)
    {
        // The closest any allowed layout comes: activations plus the model states no data-parallel size can shard.
        var closest = LayoutSearch.Candidates(problem)
            .Select(c => (Layout: c, Floor: ActivationMemory.TotalBytes(problem.Arch, problem.SeqLen, problem.MicroBatch, c)
                + ModelStateMemory.BytesPerParam(c.ZeroStage).Replicated * problem.Params / c.ModelParallel))
            .MinBy(x => x.Floor);
        var name = model.Name ?? ScaledCount.Format(model.Params) + " parameters";
        var hints = new List<string>();
        if (problem.ZeroStage is < 3)
            hints.Add("zero_stage 3");
        if (problem.Tp is not null || problem.Pp is not null)
            hints.Add("more tensor or pipeline parallelism");
        if (problem.Recompute is not null and not Recompute.Full)
            hints.Add("full recomputation");
        hints.Add("a shorter seq_len or micro_batch");
        hints.Add("a GPU with more memory");
        return GantryError.Invalid(
            $"{name} does not fit on any number of {gpu.Name} GPUs ({Gb(problem.CapacityBytes)} usable each): even with " +
            $"ZeRO-{closest.Layout.ZeroStage}, tp {closest.Layout.Tp}, pp {closest.Layout.Pp} and {closest.Layout.Recompute.ToString().ToLowerInvariant()} " +
            $"recomputation one GPU needs {Gb(closest.Floor)} before any data-parallel sharding. Try {string.Join(", ", hints)}.");
    }

    private static string Gb(double bytes) => AssumptionLog.Format(Math.Round(bytes / 1e9, 1)) + " GB";
}
