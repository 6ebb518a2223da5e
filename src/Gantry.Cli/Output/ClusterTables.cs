using System.Globalization;
using Gantry.Core.Api;
using Gantry.Core.Text;
using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>The tables of <c>gantry nodes</c> and <c>gantry gpus</c>.</summary>
internal static class ClusterTables
{
    public static Table Nodes(IEnumerable<NodeView> nodes)
    {
        var table = TableFactory.Create("NAME", "POOL", "EXECUTOR", "CPUS", "MEMORY", "GPUS", "DISCOVERED BY");
        foreach (var n in nodes)
        {
            table.AddTextRow(
                n.Name,
                n.Pool,
                n.Executor,
                $"{Number(n.CpusAllocated)}/{n.Cpus}",
                $"{MemorySize.Human(n.MemoryAllocated)}/{MemorySize.Human(n.MemoryBytes)}",
                $"{n.GpusAllocated}/{n.Gpus}",
                n.DiscoveredBy.Count == 0 ? TimeText.None : string.Join(',', n.DiscoveredBy));
        }

        return table;
    }

    public static Table Gpus(IEnumerable<GpuView> gpus)
    {
        var table = TableFactory.Create("NODE", "INDEX", "VENDOR", "MODEL", "MEMORY", "UUID", "BUS", "JOB");
        foreach (var g in gpus)
        {
            table.AddTextRow(
                g.Node,
                g.Index.ToString(CultureInfo.InvariantCulture),
                g.Vendor,
                g.IsGpu ? g.Model : g.Model + " (not a GPU)",
                MemorySize.Human(g.MemoryBytes),
                g.Uuid,
                g.PciBusId ?? TimeText.None,
                g.JobId?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None);
        }

        return table;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
