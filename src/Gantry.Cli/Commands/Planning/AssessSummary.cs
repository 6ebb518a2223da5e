using System.Globalization;
using Gantry.Cli.Output;
using Gantry.Core.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gantry.Cli.Commands.Planning;

/// <summary>The readable form of <c>gantry assess</c>.</summary>
internal static class AssessSummary
{
    public static IEnumerable<IRenderable> Create(AssessReport r)
    {
        var m = r.Machine;
        var where = m.Source == "server"
            ? $"the cluster of the Gantry server at {r.Server.Address} ({PlanText.Plural(m.Nodes, "node")})"
            : "this machine (local discovery" + (r.Server.Problem is { } p ? $"; {p})" : ")");
        var gpus = m.RealGpus().ToList();
        var rows = new List<(string, string)>
        {
            ("Assessed", where),
            ("CPUs", m.Cpus.ToString(CultureInfo.InvariantCulture)),
            ("Memory", MemorySize.Human(m.MemoryBytes)),
            ("GPUs", gpus.Count == 0 ? "none" : string.Join(", ", gpus.GroupBy(g => g.Model).Select(g => $"{g.Count()} × {g.Key}"))),
            ("Disk", Disk(r.Disk)),
            ("Network", Network(r.Network)),
        };
        yield return SummaryLayout.Headline(rows);

        if (m.Gpus.Count > 0)
        {
            var table = TableFactory.Create("NODE", "INDEX", "MODEL", "MEMORY", "CATALOG GPU");
            foreach (var g in m.Gpus)
            {
                table.AddTextRow(g.Node, g.Index.ToString(CultureInfo.InvariantCulture), g.IsGpu ? g.Model : g.Model + " (not a GPU)",
                    PlanText.Bytes(g.MemoryBytes), g.CatalogGpu ?? TimeText.None);
            }

            yield return SummaryLayout.Titled("Accelerators", table);
        }

        if (r.Workload is { } w)
        {
            var table = TableFactory.Create("CHECK", "OK", "DETAIL");
            foreach (var gap in w.Gaps)
                table.AddTextRow(gap.Item, gap.Ok is { } ok ? (ok ? "yes" : "NO") : TimeText.None, gap.Detail);
            var missing = w.Gaps.Count(g => g.Ok == false);
            var verdict = missing == 0 ? "no gaps" : $"{missing} gap{(missing == 1 ? "" : "s")}";
            yield return SummaryLayout.Titled($"Workload: {w.Kind} plan {w.File} on {w.Gpus} × {w.Gpu}: {verdict}", table);
        }

        if (r.History is { } h)
        {
            var grid = SummaryLayout.Headline(
            [
                ("Allocation", h.Allocation is { } a ? $"{PlanText.Percent(a)} of {PlanText.Number(h.AvailableGpuHours)} GPU-hours over {PlanText.Hours(h.CoveredHours)}" : "not measurable"),
                ("Advice", h.Advice),
            ]);
            yield return SummaryLayout.Titled($"History: the last {h.Days} days of job records", grid);
        }

        foreach (var note in r.Notes)
            yield return new Text("Note: " + note);
    }

    private static string Disk(DiskMeasurement d)
    {
        var free = d.FreeBytes is { } f ? $"{PlanText.Bytes(f)} free" : "free space unknown";
        var fs = d.Filesystem is { } name ? $", {name}" : "";
        if (d.Problem is { } problem)
            return $"{d.Directory} ({free}{fs}): {problem}";
        var cached = d.ReadMayBeCached == true ? " (the read may have come from memory)" : "";
        return $"write {Rate(d.WriteMbPerS)}, read {Rate(d.ReadMbPerS)}{cached}: {PlanText.Bytes(d.TestBytes)} in {d.Directory} ({free}{fs})";
    }

    private static string Network(NetworkMeasurement n) =>
        n.Measured
            ? $"{Rate(n.MbPerS)} downloading {PlanText.Bytes(n.Bytes ?? 0)} from {n.From}"
            : "not measured: " + (n.Problem ?? "no server");

    private static string Rate(double? mbPerS) =>
        mbPerS is { } v ? v.ToString(v >= 100 ? "#,0" : "0.#", CultureInfo.InvariantCulture) + " MB/s" : TimeText.None;


}
