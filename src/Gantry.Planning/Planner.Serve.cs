using Gantry.Core;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;
using Gantry.Planning.Sizing;

namespace Gantry.Planning;

public sealed partial class Planner
{
    /// <summary>Tensor-parallel group sizes tried for one replica; a group must divide the attention heads.</summary>
    private static readonly int[] ReplicaSizes = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Sizes inference: weights and KV cache, GPUs per replica and replicas, decode throughput bound, price per million tokens.</summary>
    public Outcome<ServePlan> Serve(ServePlanInput input)
    {
        var log = new AssumptionLog();
        var subject = ResolveGpuAndModel(input.Gpu, input.Model, input.Params, log);
        if (!subject.IsOk)
            return subject.Error;
        var (gpu, model) = subject.Value;
        var arch = model.Arch;
        var invalid = InputChecks.First(
            InputChecks.AtLeast(input.Context, 1, "context"),
            InputChecks.AtLeast(input.Concurrency, 1, "concurrency"),
            InputChecks.AtLeast(input.OutputTokens, 1, "output_tokens"),
            InputChecks.Positive(input.Qps, "qps"),
            InputChecks.Fraction(input.UsableMemoryFraction, "usable_memory_fraction"),
            input.Context > arch.Context && model.Name is not null
                ? GantryError.Invalid($"context {input.Context} is longer than {model.Name}'s {arch.Context} tokens")
                : null,
            input.KvPrecision is NumericPrecision.Int4 ? GantryError.Invalid("kv_precision must be bf16, fp16, fp8 or int8") : null);
        if (invalid is not null)
            return invalid;

        var context = input.Context ?? arch.Context;
        if (input.Context is null)
            log.Add("context", context, $"{arch.Name}'s context ({arch.Source})");
        var concurrency = input.Concurrency ?? 1;
        if (input.Concurrency is null)
            log.Add("concurrency", 1, "Gantry default: one sequence at a time");
        var weightPrecision = input.WeightPrecision ?? NumericPrecision.Bf16;
        var kvPrecision = input.KvPrecision ?? NumericPrecision.Bf16;
        log.Add("weight_precision", PrecisionBytes.Name(weightPrecision), input.WeightPrecision is null ? "Gantry default: bf16 as released" : AssumptionLog.Given);
        log.Add("kv_precision", PrecisionBytes.Name(kvPrecision), input.KvPrecision is null ? "Gantry default: bf16" : AssumptionLog.Given);
        var usable = log.Pick(DefaultNames.UsableMemoryFraction, input.UsableMemoryFraction, Catalog.Default(DefaultNames.UsableMemoryFraction));
        var capacity = gpu.MemoryBytes * usable;

        var weights = StorageModel.WeightsBytes(model.Params, PrecisionBytes.Of(weightPrecision));
        var kvPerToken = KvCache.BytesPerToken(arch, PrecisionBytes.Of(kvPrecision));
        var cached = KvCache.CachedTokens(arch, context);
        if (cached < context)
            log.Add("cached_tokens_per_sequence", cached, $"{arch.Name}'s sliding attention window caps the KV cache");
        var kvPerSequence = kvPerToken * cached;
        var peak = (weightPrecision == NumericPrecision.Fp8 && gpu.Fp8Tflops is { } fp8 ? fp8 : gpu.Bf16Tflops) * 1e12;
        log.Add("bandwidth_bytes_per_s", gpu.BandwidthBytesPerSecond, gpu.Source);

        double? required = null;
        if (input.Qps is { } qps)
        {
            var outputTokens = input.OutputTokens ?? 256;
            if (input.OutputTokens is null)
                log.Add("output_tokens", outputTokens, "Gantry default: 256 generated tokens per request");
            required = qps * outputTokens;
        }

        ReplicaChoice? best = null;
        foreach (var size in ReplicaSizes.Where(r => arch.Heads % r == 0))
        {
            var choice = Replicas(size, capacity, weights, kvPerSequence, concurrency, required,
                b => DecodeModel.StepSeconds(weights, kvPerSequence, b, model.ActiveParams, size, gpu.BandwidthBytesPerSecond, peak));
            if (choice is not null && (best is null || choice.IsBetterThan(best)))
                best = choice;
        }

        if (best is null)
        {
            return GantryError.Invalid(
                $"{model.Name ?? ScaledCount.Format(model.Params) + " parameters"} does not fit on {ReplicaSizes.Where(r => arch.Heads % r == 0).Max()} " +
                $"{gpu.Name} GPUs: weights ({Gb(weights)}) and one sequence's KV cache ({Gb(kvPerSequence)}) need more than " +
                $"{Gb(capacity)} usable per GPU allows. Try int8 or int4 weights, a shorter context, or a GPU with more memory.");
        }

        var gpusNeeded = best.GpusPerReplica * best.Replicas;
        var served = required is { } r ? Math.Min(r, best.TokensPerSecond) : best.TokensPerSecond;
        if (required is null)
            log.Add("served_tokens_per_s", served, "no qps given: the fleet runs at its decode bound, all sequences busy");
        var costs = PriceServing(gpu, gpusNeeded, served, log);
        var cheapestOnDemand = costs.Where(c => c.Option == "cloud_on_demand").MinBy(c => c.UsdPerGpuHour);
        return new ServePlan
        {
            Model = model.Name,
            Params = model.Params,
            Gpu = gpu.Name,
            WeightPrecision = weightPrecision,
            KvPrecision = kvPrecision,
            WeightsBytes = (long)weights,
            KvCacheBytesPerToken = (long)kvPerToken,
            CachedTokensPerSequence = cached,
            KvCacheBytes = (long)(kvPerSequence * concurrency),
            Context = context,
            Concurrency = concurrency,
            GpusPerReplica = best.GpusPerReplica,
            Replicas = best.Replicas,
            GpusNeeded = gpusNeeded,
            MaxSequencesPerReplica = best.MaxSequences,
            MemoryPerGpuBytes = (long)Math.Ceiling((weights + best.Batch * kvPerSequence) / best.GpusPerReplica),
            UsableMemoryPerGpuBytes = (long)capacity,
            DecodeTokensPerSUpperBound = best.TokensPerSecond,
            TimePerOutputTokenMsLowerBound = best.StepSeconds * 1000,
            RequiredTokensPerS = required,
            MeetsLoad = best.MeetsLoad,
            UsdPerMillionTokens = cheapestOnDemand?.UsdPerMillionTokens,
            Costs = costs,
            Assumptions = log.Items,
        };
    }

    /// <summary>
    /// Replicas of <paramref name="size"/> GPUs: enough for every sequence's KV cache, then more until the decode
    /// bound meets the required rate (a replica at batch b makes b tokens per step).
    /// </summary>
    private static ReplicaChoice? Replicas(
        int size, double capacity, double weights, double kvPerSequence, int concurrency, double? required, Func<int, double> stepSeconds)
    {
        var free = size * capacity - weights;
        if (free < kvPerSequence)
            return null;
        var maxSequences = (int)Math.Min(int.MaxValue, Math.Floor(free / kvPerSequence));
        var replicas = (int)Math.Ceiling((double)concurrency / maxSequences);
        ReplicaChoice At(int n)
        {
            var batch = (int)Math.Ceiling((double)concurrency / n);
            var step = stepSeconds(batch);
            return new ReplicaChoice(size, n, maxSequences, batch, step, concurrency / step, true);
        }

        var choice = At(replicas);
        if (required is not { } rate)
            return choice;
        // Throughput grows with replicas until each holds one sequence; beyond that the concurrency is the limit.
        var low = replicas;
        var high = concurrency;
        if (At(high).TokensPerSecond < rate)
            return At(Math.Max(low, high)) with { MeetsLoad = false };
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (At(mid).TokensPerSecond >= rate)
                high = mid;
            else
                low = mid + 1;
        }

        return At(low);
    }

    private List<CostOption> PriceServing(GpuSpec gpu, int gpus, double tokensPerSecond, AssumptionLog log)
    {
        var costs = new List<CostOption>();
        var tokensPerHour = tokensPerSecond * 3600;
        foreach (var offer in Catalog.CloudPricesFor(gpu))
        {
            costs.Add(ServingCost("cloud_on_demand", offer.Name, offer.OnDemandUsdPerGpuHour, gpus, tokensPerHour, offer.Read, offer.Source));
            if (offer.SpotUsdPerGpuHour is { } spot)
                costs.Add(ServingCost("cloud_spot", offer.Name, spot, gpus, tokensPerHour, offer.Read, offer.Source));
        }

        var servers = Catalog.OnPremPricesFor(gpu).ToList();
        foreach (var server in servers)
        {
            // A serving fleet is held every hour; it draws power as if busy.
            var fleet = FleetFor(gpu, server, DefaultValue(DefaultNames.Pue));
            var perGpuHour = fleet.Total(1, 1, 1) / OwnedFleet.HoursPerYear;
            costs.Add(ServingCost("on_prem", server.Name, perGpuHour, gpus, tokensPerHour,
                server.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), server.Source));
        }

        if (servers.Count > 0)
        {
            LogOwnershipDefaults(log);
            log.Add(DefaultNames.Pue, DefaultValue(DefaultNames.Pue), Catalog.Default(DefaultNames.Pue).Source);
        }

        if (costs.Count == 0)
            log.Add("costs", "none", $"the price catalog has no offer for {gpu.Name}; add one under cloud or on_prem");
        return [.. costs.OrderBy(c => c.UsdPerMillionTokens)];
    }

    private static CostOption ServingCost(string option, string offer, double usdPerGpuHour, int gpus, double tokensPerHour, string? read, string source) => new()
    {
        Option = option,
        Offer = offer,
        UsdPerGpuHour = usdPerGpuHour,
        UsdPerHour = usdPerGpuHour * gpus,
        UsdPerMillionTokens = usdPerGpuHour * gpus / tokensPerHour * 1e6,
        Read = read,
        Source = source,
    };
}
