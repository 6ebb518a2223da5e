using System.Globalization;
using Gantry.Core.Jobs;
using Gantry.Planning.Cost;
using Gantry.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Cost;

/// <summary>
/// Job allocations from the jobs table: each job held its GPUs, CPUs and memory from StartedAtMs to FinishedAtMs
/// (or until now while it runs). Computed from the table on every request, so a restart loses nothing. A retried
/// job's record keeps only its latest attempt's times, so earlier attempts are not charged.
/// </summary>
internal sealed class JobCostSource(MetadataStore store, PriceBook prices) : ICostSource
{
    public async Task<IReadOnlyList<CostAllocation>> AllocationsAsync(long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var query = db.Jobs.AsNoTracking()
            .Where(j => j.StartedAtMs != null && j.StartedAtMs < toMs && (j.FinishedAtMs == null || j.FinishedAtMs > fromMs));
        if (projects is not null)
        {
            var list = projects.ToList();
            query = query.Where(j => list.Contains(j.Project));
        }

        var rows = await query
            .Select(j => new { j.Id, j.Name, j.Project, j.User, j.Pool, j.Node, j.Devices, j.GangJson, j.Gpus, j.GpuMilli, j.Nodes, j.Cpus, j.MemoryBytes, j.StartedAtMs, j.FinishedAtMs, j.State })
            .ToListAsync(cancellationToken);
        var result = new List<CostAllocation>(rows.Count);
        foreach (var j in rows)
        {
            // Without an end, only a running job still holds its resources; any other state's end is unknown.
            if (j.FinishedAtMs is null && j.State != JobState.Running)
                continue;
            result.Add(new CostAllocation
            {
                Kind = "job",
                Id = j.Id.ToString(CultureInfo.InvariantCulture),
                Name = j.Name,
                Project = j.Project,
                User = j.User,
                Pool = prices.PoolOf(j.Node) ?? j.Pool ?? prices.LocalPool,
                Node = j.Node,
                Devices = ParseDevices(j.Devices),
                Gang = Cluster.NodeDevices.Deserialize(j.GangJson)?.Select(p => new CostNode(p.Node, p.Devices)).ToArray() ?? [],
                Gpus = j.Gpus,
                GpuShare = j.GpuMilli is > 0 and < 1000 ? j.GpuMilli / 1000.0 : 1,
                Nodes = j.Nodes,
                Cpus = j.Cpus,
                MemoryBytes = j.MemoryBytes,
                StartMs = j.StartedAtMs!.Value,
                EndMs = j.FinishedAtMs,
            });
        }

        return result;
    }

    private static int[] ParseDevices(string? devices) =>
        string.IsNullOrEmpty(devices)
            ? []
            : devices.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
}
