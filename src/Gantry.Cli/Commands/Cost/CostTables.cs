using Gantry.Cli.Output;
using Gantry.Core.Api.Cost;
using Spectre.Console;

namespace Gantry.Cli.Commands.Cost;

/// <summary>The tables of <c>gantry cost report|prices|alerts</c>.</summary>
internal static class CostTables
{
    public static Table Report(CostReport report)
    {
        var jobs = report.By == "job";
        var deployments = report.By == "deployment";
        var headers = new List<string> { report.By.ToUpperInvariant() };
        if (jobs)
            headers.AddRange(["JOB", "PROJECT", "USER"]);
        if (deployments)
            headers.Add("PROJECT");
        headers.AddRange(["GPU-HOURS", "CPU-HOURS", "RAM-GIB-HOURS", "GPU $", "CPU $", "RAM $", "TOTAL $", "EFFICIENCY"]);
        if (deployments)
            headers.AddRange(["PREDICTIONS", "$/PREDICTION"]);
        var table = TableFactory.Create([.. headers]);
        foreach (var row in report.Rows)
        {
            var cells = new List<string> { row.Name };
            if (jobs)
                cells.AddRange([row.JobName ?? TimeText.None, row.Project ?? TimeText.None, row.User ?? TimeText.None]);
            if (deployments)
                cells.Add(row.Project ?? TimeText.None);
            cells.AddRange(
            [
                CostText.Hours(row.GpuHours),
                CostText.Hours(row.CpuHours),
                CostText.Hours(row.RamGibHours),
                CostText.Usd(row.GpuCost),
                CostText.Usd(row.CpuCost),
                CostText.Usd(row.RamCost),
                CostText.Usd(row.TotalCost),
                CostText.Percent(row.Efficiency),
            ]);
            if (deployments)
                cells.AddRange([row.Predictions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? TimeText.None, CostText.PerPrediction(row.CostPerPrediction)]);
            table.AddTextRow([.. cells]);
        }

        return table;
    }

    /// <summary>The lines under the report table: the window and the totals.</summary>
    public static IEnumerable<string> Summary(CostReport report)
    {
        var t = report.Totals;
        yield return $"window {TimeText.Stamp(report.WindowStart)} to {TimeText.Stamp(report.WindowEnd)}";
        var idle = t.IdleCost is { } i ? $" + idle {CostText.Usd(i)}" : string.Empty;
        yield return $"total {report.Currency} {CostText.Usd(t.TotalCost)}: allocated {CostText.Usd(t.AllocatedCost)}{idle}";
        if (t.Efficiency is not null)
            yield return $"efficiency (allocated ÷ available): {CostText.Percent(t.Efficiency)}";
        foreach (var b in report.Bursts)
        {
            var wait = b.HomeWaitSeconds is { } w ? TimeText.Short(TimeSpan.FromSeconds(w)) : "unbounded";
            var estimate = b.EstimatedExtraCost is { } e ? $", {CostText.Usd(e)} over its time limit" : "";
            yield return $"burst: job {b.JobId} ({b.JobName}, project {b.Project}) ran in cloud pool {b.Pool} after an estimated wait on-prem of {wait}; extra {CostText.Usd(b.ExtraCostPerHour)}/h{estimate}; so far {CostText.Usd(b.ExtraCostSoFar)}";
        }
    }

    public static Table Prices(PricesView prices)
    {
        var table = TableFactory.Create("NODE", "POOL", "KIND", "RESOURCE", "USD/HOUR", "SOURCE");
        foreach (var node in prices.Nodes)
        {
            foreach (var gpu in node.Gpus)
                table.AddTextRow(node.Node, node.Pool, node.Kind, $"GPU {gpu.Model} (×{gpu.Count})", CostText.Rate(gpu.UsdPerHour), gpu.Source);
            table.AddTextRow(node.Node, node.Pool, node.Kind, "CPU core", CostText.Rate(node.Cpu.UsdPerHour), node.Cpu.Source);
            table.AddTextRow(node.Node, node.Pool, node.Kind, "memory GiB", CostText.Rate(node.Memory.UsdPerHour), node.Memory.Source);
        }

        return table;
    }

    public static Table Alerts(IEnumerable<BudgetAlertView> alerts)
    {
        var table = TableFactory.Create("TIME", "PROJECT", "MONTH", "THRESHOLD", "SPENT $", "BUDGET $");
        foreach (var a in alerts)
            table.AddTextRow(TimeText.Stamp(a.At), a.Project, a.Month, CostText.Percent(a.Threshold), CostText.Usd(a.SpentUsd), CostText.Usd(a.MonthlyUsd));
        return table;
    }
}
