using System.Globalization;
using Gantry.Cli.Output;
using Gantry.Core.Api.Serving;
using Spectre.Console;

namespace Gantry.Cli.Commands.Serving;

/// <summary>Deployments as people read them.</summary>
internal static class DeployText
{
    public static Table Deployments(IEnumerable<DeploymentView> deployments, DateTimeOffset now)
    {
        var table = TableFactory.Create("NAME", "MODEL", "STATUS", "READY", "REPLICAS", "BATCH", "DEVICE", "PROJECT", "AGE");
        foreach (var d in deployments)
        {
            table.AddTextRow(
                d.Name,
                $"{d.Model}@{d.Version}",
                d.Status,
                $"{d.ReadyReplicas}/{d.Replicas}",
                d.MinReplicas == d.MaxReplicas ? Number(d.Replicas) : $"{d.MinReplicas}-{d.MaxReplicas}",
                Number(d.MaxBatch),
                d.Device,
                d.Project,
                TimeText.Since(d.CreatedAt, now));
        }

        return table;
    }

    public static Grid Deployment(DeploymentView d)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        void Row(string key, string value) => grid.AddRow(new Text(key + ":"), new Text(value));
        Row("name", d.Name);
        Row("project", d.Project);
        Row("model", $"{d.Model}@{d.Version}" + (d.ServingVersion is { } s && s != d.Version ? $" (serving {s} until the new version is warm)" : ""));
        Row("status", d.Status + (d.Reason is { Length: > 0 } r ? $" ({r})" : ""));
        Row("replicas", $"{d.ReadyReplicas} ready of {d.Replicas}" + (d.MinReplicas == d.MaxReplicas ? "" : $", autoscaled {d.MinReplicas}-{d.MaxReplicas}"));
        Row("batching", d.MaxBatch == 1 ? "off" : $"up to {d.MaxBatch} rows, waiting at most {Number(d.MaxDelayMs)} ms");
        Row("queue", $"{d.QueuedRows} rows queued (limit {d.MaxQueueRows})");
        Row("deadline", $"{Number(d.DeadlineMs)} ms unless the request sets Gantry-Deadline-Ms");
        Row("device", d.Device + Threads(d));
        if (d.RateLimitRps is not null || d.RateLimitBurst is not null || d.PredictionQuota is not null)
        {
            Row("rate limit", $"{(d.RateLimitRps is { } rps ? Number(rps) + "/s" : "server default")}, burst {(d.RateLimitBurst is { } b ? Number(b) : "default")}"
                + (d.PredictionQuota is { } q ? $", quota {Number(q)} predictions per token" : ""));
        }

        Row("endpoint", d.Endpoint);
        Row("created", $"{TimeText.Stamp(d.CreatedAt)} by {d.CreatedBy}");
        Row("updated", $"{TimeText.Stamp(d.UpdatedAt)} by {d.UpdatedBy}");
        return grid;
    }

    public static Table Outputs(InferResult result)
    {
        var table = TableFactory.Create("OUTPUT", "DATATYPE", "SHAPE", "DATA");
        foreach (var o in result.Outputs)
        {
            var data = o.Data.GetRawText();
            table.AddTextRow(o.Name, o.Datatype, "[" + string.Join(',', o.Shape) + "]", data.Length > 160 ? data[..160] + "…" : data);
        }

        return table;
    }

    private static string Threads(DeploymentView d) =>
        d.IntraOpThreads == 0 && d.InterOpThreads <= 1 ? "" : $", {Number(d.IntraOpThreads)} intra-op / {Number(d.InterOpThreads)} inter-op threads";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
