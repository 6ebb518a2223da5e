using Gantry.Core.Api;
using Gantry.Core.Text;
using Gantry.Storage.Records;

namespace Gantry.Server.Cost;

/// <summary>Burst estimates and records as the API shows them.</summary>
internal static class BurstViews
{
    public static BurstEstimateView From(BurstEstimate e, TimeSpan? after, string summary) =>
        new(e.Pool, e.CloudUsdPerGpuHour, e.OnPremUsdPerGpuHour, e.ExtraUsdPerHour, e.ExtraUsd, after is { } a ? DurationText.Format(a) : null, summary);

    /// <summary>The burst recorded on a job when it started in a cloud pool; null if it did not burst.</summary>
    public static BurstEstimateView? Recorded(JobRecord job)
    {
        if (job.BurstExtraUsdPerHour is not { } perHour || job.BurstPool is not { } pool)
            return null;
        double? wait = job.BurstWaitSeconds is { } w && w >= 0 ? w : null;
        var waited = wait is { } s ? $"its estimated wait on-premises was {DurationText.Format(TimeSpan.FromSeconds(Math.Round(s)))}" : "its wait on-premises was unbounded";
        var cost = job.BurstExtraUsd is { } total
            ? $"estimated extra cost {Money.Usd(total)} ({Money.Usd(perHour)} per hour over its time limit)"
            : $"estimated extra cost {Money.Usd(perHour)} per hour (no time limit)";
        return new BurstEstimateView(pool, null, null, perHour, job.BurstExtraUsd, null, $"It burst to cloud pool '{pool}': {waited}; {cost}.")
        {
            HomeWaitSeconds = wait,
            Happened = true,
        };
    }
}
