using Gantry.Cli.Output;
using Gantry.Planning.Plans;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gantry.Cli.Commands.Planning;

/// <summary>The readable form of the plans: the headline figures, the costs of each option, and every assumption with its source.</summary>
internal static class PlanSummary
{
    public static IEnumerable<IRenderable> Train(TrainPlan p)
    {
        var what = p.Model is null ? $"{PlanText.Count(p.Params)} parameters" : $"{p.Model} ({PlanText.Count(p.Params)} parameters)";
        var fits = p.Fits ? "fits" : $"DOES NOT FIT on {p.Gpus} GPUs: the fewest that fit is {p.MinGpus}";
        yield return SummaryLayout.Headline(
        [
            ("Plan", $"pre-train {what} on {PlanText.Count(p.Tokens)} tokens, {PlanText.Whole(p.Gpus)} × {p.Gpu}"),
            ("Compute", $"{PlanText.Flops(p.TotalFlops)} FLOPs (6·N·D); {PlanText.Flops(p.TotalFlopsWithAttention)} with attention"),
            ("MFU", $"{PlanText.Percent(p.Mfu)} of {PlanText.Number(p.PeakFlopsPerGpu / 1e12)} TFLOP/s {Precision(p.Precision)}"),
            ("GPU-hours", PlanText.Whole(p.GpuHours)),
            ("Wall clock", PlanText.Hours(p.WallClockHours)),
            ("Layout", $"tp {p.Tp} × pp {p.Pp} × dp {p.Dp}, ZeRO {p.ZeroStage}, {Recomputation(p.Recompute)}{(p.SequenceParallel && p.Tp > 1 ? ", sequence parallel" : "")}"),
            ("Memory per GPU", $"{PlanText.Bytes(p.MemoryPerGpuBytes)} of {PlanText.Bytes(p.UsableMemoryPerGpuBytes)} usable (model states {PlanText.Bytes(p.ModelStatesBytesPerGpu)}, activations {PlanText.Bytes(p.ActivationBytesPerGpu)}): {fits}"),
            ("Fewest GPUs", PlanText.Whole(p.MinGpus)),
            ("Storage", $"{PlanText.Bytes(p.StorageBytes)}: checkpoint {PlanText.Bytes(p.CheckpointBytes)} each, tokenised data {PlanText.Bytes(p.DatasetBytes)}, raw text {PlanText.Bytes(p.RawTextBytes)}"),
            ("Gradient sync", $"{PlanText.Bytes(p.GradientSyncBytesPerGpuPerStep)} per GPU per step over {PlanText.Whole(p.Steps)} steps (at least {PlanText.Number(p.GradientSyncSecondsPerStepLowerBound)} s a step)"),
            ("Energy", $"{PlanText.Whole(p.EnergyKwh)} kWh"),
        ]);
        yield return Costs(p.Costs, "TOTAL");
        yield return Assumptions(p.Assumptions);
    }

    public static IEnumerable<IRenderable> Finetune(FinetunePlan p)
    {
        var what = p.Model ?? $"{PlanText.Count(p.Params)} parameters";
        var fits = p.Fits ? "fits" : $"DOES NOT FIT on {p.Gpus} GPUs: the fewest that fit is {p.MinGpus}";
        var rows = new List<(string, string)>
        {
            ("Plan", $"{p.Method.ToString().ToLowerInvariant()} fine-tune of {what}, {PlanText.Whole(p.Gpus)} × {p.Gpu}"),
            ("Trained parameters", $"{PlanText.Count(p.TrainableParams)} of {PlanText.Count(p.Params)}{(p.LoraRank is { } r ? $" (rank {r})" : "")}"),
            ("Weights", PlanText.Bytes(p.WeightsBytes)),
            ("Memory per GPU", $"{PlanText.Bytes(p.MemoryPerGpuBytes)} of {PlanText.Bytes(p.UsableMemoryPerGpuBytes)} usable (model states {PlanText.Bytes(p.ModelStatesBytesPerGpu)}, activations {PlanText.Bytes(p.ActivationBytesPerGpu)}): {fits}"),
            ("Fewest GPUs", PlanText.Whole(p.MinGpus)),
            ("Checkpoint", PlanText.Bytes(p.CheckpointBytes)),
        };
        if (p.TotalFlops is { } flops)
            rows.Add(("Compute", $"{PlanText.Flops(flops)} FLOPs on {PlanText.Count(p.Tokens ?? 0)} tokens"));
        if (p.GpuHours is { } hours)
            rows.Add(("GPU-hours", $"{PlanText.Number(hours)} at MFU {PlanText.Percent(p.Mfu ?? 0)}"));
        if (p.WallClockHours is { } wall)
            rows.Add(("Wall clock", PlanText.Hours(wall)));
        if (p.EnergyKwh is { } kwh)
            rows.Add(("Energy", $"{PlanText.Number(kwh)} kWh"));
        if (p.Tokens is null)
            rows.Add(("Time and cost", "give --tokens (dataset tokens × epochs) to size them"));
        yield return SummaryLayout.Headline([.. rows]);
        if (p.Costs.Count > 0)
            yield return Costs(p.Costs, "TOTAL");
        yield return Assumptions(p.Assumptions);
    }

    public static IEnumerable<IRenderable> Serve(ServePlan p)
    {
        var what = p.Model ?? $"{PlanText.Count(p.Params)} parameters";
        var load = p.RequiredTokensPerS is { } need
            ? $"{PlanText.Whole(need)} tokens/s needed: {(p.MeetsLoad ? "met" : "NOT MET even at one sequence per replica")}"
            : "no request rate given (--qps)";
        yield return SummaryLayout.Headline(
        [
            ("Plan", $"serve {what} on {p.Gpu}, {PlanText.Whole(p.Context)} tokens a sequence, {PlanText.Whole(p.Concurrency)} at once"),
            ("Weights", $"{PlanText.Bytes(p.WeightsBytes)} ({Precision(p.WeightPrecision)})"),
            ("KV cache", $"{PlanText.Bytes(p.KvCacheBytesPerToken)} a token ({Precision(p.KvPrecision)}) × {PlanText.Whole(p.CachedTokensPerSequence)} cached tokens × {PlanText.Whole(p.Concurrency)} = {PlanText.Bytes(p.KvCacheBytes)}"),
            ("GPUs", $"{p.GpusPerReplica} per replica × {p.Replicas} replica{(p.Replicas == 1 ? "" : "s")} = {p.GpusNeeded} (up to {PlanText.Whole(p.MaxSequencesPerReplica)} sequences a replica)"),
            ("Memory per GPU", $"{PlanText.Bytes(p.MemoryPerGpuBytes)} of {PlanText.Bytes(p.UsableMemoryPerGpuBytes)} usable"),
            ("Decode bound", $"{PlanText.Whole(p.DecodeTokensPerSUpperBound)} tokens/s at most; at least {PlanText.Number(p.TimePerOutputTokenMsLowerBound)} ms per output token"),
            ("Load", load),
            ("Price", p.UsdPerMillionTokens is { } usd ? $"{PlanText.Price(usd)} per million tokens (cheapest on-demand offer)" : "no cloud price for this GPU in the catalog"),
        ]);
        if (p.Costs.Count > 0)
            yield return ServeCosts(p.Costs);
        yield return Assumptions(p.Assumptions);
    }

    public static IEnumerable<IRenderable> Tco(TcoPlan p)
    {
        var breakEven = p.BreakEvenUtilization is { } be
            ? $"{PlanText.Percent(be)}: above it owning costs less than renting on demand"
            : "none: renting on demand costs less than owning at any utilisation";
        yield return SummaryLayout.Headline(
        [
            ("Plan", $"{PlanText.Whole(p.Gpus)} × {p.Gpu} at {PlanText.Percent(p.Utilization)} utilisation over {PlanText.Number(p.Years)} years"),
            ("Work", $"{PlanText.Whole(p.UsedGpuHours)} GPU-hours"),
            ("Cheapest", p.Cheapest),
            ("Break-even", breakEven),
        ]);
        var table = TableFactory.Create("OPTION", "TOTAL", "PER YEAR", "PER GPU-HOUR OF WORK", "BREAKDOWN");
        foreach (var c in p.Costs)
        {
            table.AddTextRow(
                c.Option,
                c.TotalUsd is { } total ? PlanText.Usd(total) : TimeText.None,
                c.UsdPerYear is { } year ? PlanText.Usd(year) : TimeText.None,
                PlanText.Price(c.UsdPerGpuHour),
                Breakdown(c.Breakdown));
        }

        yield return SummaryLayout.Titled("Costs", table);
        yield return Assumptions(p.Assumptions);
    }


    private static Rows Costs(IReadOnlyList<CostOption> costs, string total)
    {
        if (costs.Count == 0)
            return SummaryLayout.Titled("Costs", new Text("no price for this GPU in the catalog; add one under cloud or on_prem (--catalog)"));
        var table = TableFactory.Create("OPTION", "OFFER", "PER GPU-HOUR", total, "PRICE READ");
        foreach (var c in costs)
        {
            table.AddTextRow(
                c.Option,
                c.Offer ?? TimeText.None,
                PlanText.Price(c.UsdPerGpuHour),
                c.TotalUsd is { } usd ? PlanText.Usd(usd) : TimeText.None,
                c.Read ?? TimeText.None);
        }

        return SummaryLayout.Titled("Costs", table);
    }

    private static Rows ServeCosts(IReadOnlyList<CostOption> costs)
    {
        var table = TableFactory.Create("OPTION", "OFFER", "PER GPU-HOUR", "PER HOUR", "PER MILLION TOKENS", "PRICE READ");
        foreach (var c in costs)
        {
            table.AddTextRow(
                c.Option,
                c.Offer ?? TimeText.None,
                PlanText.Price(c.UsdPerGpuHour),
                c.UsdPerHour is { } hour ? PlanText.Usd(hour) : TimeText.None,
                c.UsdPerMillionTokens is { } m ? PlanText.Price(m) : TimeText.None,
                c.Read ?? TimeText.None);
        }

        return SummaryLayout.Titled("Costs", table);
    }

    private static Rows Assumptions(IReadOnlyList<Assumption> assumptions)
    {
        var table = TableFactory.Create("ASSUMPTION", "VALUE", "SOURCE");
        foreach (var a in assumptions)
            table.AddTextRow(a.Name, a.Value, a.Source);
        return SummaryLayout.Titled("Assumptions", table);
    }


    private static string Breakdown(IReadOnlyDictionary<string, double>? parts) =>
        parts is null or { Count: 0 }
            ? TimeText.None
            : string.Join(", ", parts.Select(p => p.Key.EndsWith("_usd", StringComparison.Ordinal) || p.Key is "capex" or "operations" or "energy"
                ? $"{p.Key} {PlanText.Usd(p.Value)}"
                : $"{p.Key} {PlanText.Number(p.Value)}"));

    private static string Precision(NumericPrecision precision) => precision.ToString().ToLowerInvariant();

    private static string Recomputation(Recompute recompute) => recompute switch
    {
        Recompute.None => "no recomputation",
        Recompute.Selective => "selective recomputation",
        _ => "full recomputation",
    };
}
