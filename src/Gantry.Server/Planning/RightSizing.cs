using System.Globalization;
using Gantry.Core.Api;

namespace Gantry.Server.Planning;

/// <summary>Turns measured GPU allocation into right-sizing advice a person can act on.</summary>
internal static class RightSizing
{
    /// <summary>Below this share the fleet is larger than its work; between the two it is sized about right.</summary>
    public const double Low = 0.4;

    /// <summary>Above this share work is likely queueing for GPUs.</summary>
    public const double High = 0.85;

    public const string Note =
        "Allocation, not utilisation: a GPU held by a job counts as busy whether or not its SMs work. Measured GPU "
        + "utilisation (SM activity) comes with GPU telemetry (the monitoring issue); until then, allocation from job "
        + "records is what Gantry measures.";

    public static string Advise(AllocationHistoryView h)
    {
        if (h.Gpus == 0)
            return "This cluster has no accelerators, so there is no GPU allocation to measure; size hardware with `gantry plan`.";
        if (h.Allocation is not { } share)
            return "No time has passed since Gantry began keeping records; ask again later.";

        var span = Span(h);
        var idle = h.IdleUsd is { } usd and >= 0.01 ? $"; as owned servers the unallocated time cost about {Money(usd)}" : "";
        if (h.Jobs == 0)
            return $"No job held a GPU over {span}: all {h.Gpus} sat unallocated{idle}. If that continues, release or share them (`gantry plan tco` compares owning with renting).";

        var head = $"GPUs were allocated {Percent(share)} of the time over {span} ({Hours(h.AllocatedGpuHours)} of "
            + $"{Hours(h.AvailableGpuHours)} GPU-hours; at most {h.PeakGpusAllocated} of {h.Gpus} at once)";
        var breakEven = h.BreakEvenUtilization is { } be && h.CatalogGpu is { } gpu
            ? $" Owning {gpu} GPUs pays off above {Percent(be)} utilisation; {(share >= be ? "this fleet is above it" : "this fleet is below it, so renting on demand would have cost less")}."
            : "";
        if (share < Low)
        {
            var average = Math.Max(1, (int)Math.Ceiling(h.Gpus * share));
            var unused = h.Gpus - h.PeakGpusAllocated;
            var never = unused > 0 ? $" No more than {h.PeakGpusAllocated} were ever held at once, so {unused} stood spare throughout." : "";
            return $"{head}{idle}. The average load would fit on {average} GPU{(average == 1 ? "" : "s")} and the peak on {h.PeakGpusAllocated}:"
                + $" owning fewer and bursting peaks to the cloud would cost less.{never}{breakEven}";
        }

        if (share <= High)
            return $"{head}: the fleet is sized about right for its work.{breakEven}";
        return $"{head}: the GPUs are nearly always held, so jobs are likely waiting for them; add GPUs or burst to the cloud.{breakEven}";
    }

    private static string Span(AllocationHistoryView h)
    {
        var days = $"{h.Days} day{(h.Days == 1 ? "" : "s")}";
        return h.RecordsSince is not null && h.CoveredHours < h.Days * 24 - 1e-9
            ? $"the {Duration(h.CoveredHours)} of the last {days} that Gantry has records for"
            : days;
    }

    private static string Duration(double hours)
    {
        if (hours < 1)
        {
            var minutes = Math.Max(1, (int)Math.Round(hours * 60));
            return minutes == 1 ? "1 minute" : $"{minutes} minutes";
        }

        return hours < 48
            ? $"{hours.ToString("0.#", CultureInfo.InvariantCulture)} hours"
            : $"{(hours / 24).ToString("0.#", CultureInfo.InvariantCulture)} days";
    }

    private static string Percent(double share) =>
        share > 0 && share < 0.01 ? "under 1%" : (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Hours(double gpuHours) =>
        gpuHours.ToString(gpuHours < 10 ? "0.####" : "#,0", CultureInfo.InvariantCulture);

    private static string Money(double usd) =>
        "$" + usd.ToString(usd < 100 ? "0.00" : "#,0", CultureInfo.InvariantCulture);
}
