using System.Globalization;
using System.Text;
using Gantry.Core.Api.Cost;

namespace Gantry.Server.Cost;

/// <summary>A cost report as RFC 4180 CSV, one row per group plus the idle row, with a header.</summary>
internal static class CostCsv
{
    public const string Header = "name,window_start,window_end,gpu_hours,cpu_hours,ram_gib_hours,gpu_cost,cpu_cost,ram_cost,total_cost,efficiency,project,user,pool,job_name,predictions,cost_per_prediction";

    public static string Write(CostReport report)
    {
        var text = new StringBuilder(Header).Append("\r\n");
        foreach (var row in report.Rows)
        {
            string[] fields =
            [
                Field(row.Name),
                Time(row.WindowStart),
                Time(row.WindowEnd),
                Number(row.GpuHours),
                Number(row.CpuHours),
                Number(row.RamGibHours),
                Number(row.GpuCost),
                Number(row.CpuCost),
                Number(row.RamCost),
                Number(row.TotalCost),
                row.Efficiency is { } e ? Number(e) : string.Empty,
                Field(row.Project),
                Field(row.User),
                Field(row.Pool),
                Field(row.JobName),
                row.Predictions is { } p ? p.ToString(CultureInfo.InvariantCulture) : string.Empty,
                row.CostPerPrediction is { } c ? c.ToString("R", CultureInfo.InvariantCulture) : string.Empty, // fractions of a cent: every digit
            ];
            text.AppendJoin(',', fields).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Number(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;

        // A cell a spreadsheet would run as a formula is kept as text (OWASP "CSV injection").
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
