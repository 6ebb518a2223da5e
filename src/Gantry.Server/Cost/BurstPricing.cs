using Gantry.Core.Hardware;
using Gantry.Server.Cluster;

namespace Gantry.Server.Cost;

/// <summary>
/// Prices a burst from the price book: a pool's GPU-hour rate is that of its cheapest GPU of the job's type; the
/// on-premises rate is the cheapest among the job's home pools (0 when none has such a GPU: all of the cloud price
/// is extra). Extra per hour = (cloud − on-prem) × GPUs (× share × nodes); the expected duration is the time limit.
/// </summary>
internal sealed class BurstPricing(PriceBook prices)
{
    public BurstEstimate Estimate(int gpus, int gpuMilli, int nodes, string? gpuType, double? timeLimitSeconds, IEnumerable<string> home, string pool)
    {
        var cloud = GpuRate(pool, gpuType) ?? 0;
        var onPrem = home.Select(p => GpuRate(p, gpuType)).Where(r => r is not null).Min() ?? 0;
        var count = gpus * (gpuMilli is > 0 and < 1000 ? gpuMilli / 1000.0 : 1) * Math.Max(1, nodes);
        return new BurstEstimate(pool, cloud, onPrem, count, (cloud - onPrem) * count, timeLimitSeconds / 3600);
    }

    /// <summary>The cheapest burst pool of a choice, or null when the job may not burst.</summary>
    public BurstEstimate? Cheapest(int gpus, int gpuMilli, int nodes, string? gpuType, double? timeLimitSeconds, PoolChoice choice) =>
        choice.Burst
            .Select(p => Estimate(gpus, gpuMilli, nodes, gpuType, timeLimitSeconds, choice.Home, p))
            .OrderBy(e => e.ExtraUsdPerHour)
            .ThenBy(e => e.Pool, StringComparer.Ordinal)
            .FirstOrDefault();

    private double? GpuRate(string pool, string? gpuType)
    {
        double? best = null;
        foreach (var (shape, rates) in prices.Nodes)
        {
            if (shape.Pool != pool)
                continue;
            foreach (var device in shape.Devices)
            {
                if (!GpuTypeMatch.Matches(new AcceleratorDevice(device.Index, "", "", device.Model, 0), gpuType))
                    continue;
                var rate = rates.GpuRate(device.Index);
                best = best is { } b ? Math.Min(b, rate) : rate;
            }
        }

        return best;
    }
}
