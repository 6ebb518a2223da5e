using System.Globalization;
using Gantry.Core.Api;
using Gantry.Core.Text;
using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>The field-per-line view of <c>gantry job get</c>.</summary>
internal static class JobDetails
{
    public static Grid Create(JobView job, DateTimeOffset now)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        grid.AddColumn(new GridColumn().PadRight(0));
        void Row(string name, string value) => grid.AddRow(new Text(name + ":", new Style(decoration: Decoration.Bold)), new Text(value));

        Row("ID", job.Id.ToString(CultureInfo.InvariantCulture));
        Row("Name", job.Name);
        Row("Project", job.Project);
        Row("User", job.User);
        Row("State", JobText.State(job.State));
        if (job.Reason is { Length: > 0 } reason)
            Row("Reason", reason);
        Row("Command", ShellQuote.Join(job.Command));
        var r = job.Resources;
        var gpus = r.Gpus == 0 ? "no GPUs" : $"{JobText.Gpus(r)} GPU{(r.Gpus == 1 ? "" : "s")}";
        var perNode = r.Nodes > 1 ? $" per node, {r.Nodes} nodes" : "";
        Row("Resources", $"{gpus}, {r.Cpus.ToString(CultureInfo.InvariantCulture)} CPUs, {MemorySize.Format(r.MemoryBytes)} memory{perNode}");
        Row("Pool", job.Pool ?? TimeText.None);
        Row("Priority", job.Priority.ToString(CultureInfo.InvariantCulture) + (job.Preemptible ? " (preemptible)" : ""));
        Row("Attempt", $"{job.Attempt} of {job.MaxRetries + 1}");
        if (job.TimeLimit is not null)
            Row("Time limit", job.TimeLimit);
        if (job.ArrayId is { } arrayId)
            Row("Array", $"{arrayId} index {job.ArrayIndex?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
        if (job.Gang is { Count: > 1 } gang)
        {
            foreach (var member in gang)
                Row("Node", member.Node + (member.Gpus.Count == 0 ? "" : " (GPU indices " + string.Join(',', member.Gpus) + ")"));
        }
        else
        {
            Row("Node", job.Node ?? TimeText.None);
            Row("GPU indices", job.Gpus.Count == 0 ? TimeText.None : string.Join(',', job.Gpus));
        }
        Row("Submitted", $"{TimeText.Stamp(job.SubmittedAt)} ({TimeText.Since(job.SubmittedAt, now)} ago)");
        Row("Started", TimeText.Stamp(job.StartedAt));
        Row("Finished", TimeText.Stamp(job.FinishedAt));
        Row("Duration", JobText.Duration(job, now));
        Row("Exit code", JobText.Exit(job));
        foreach (var (key, value) in job.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
            Row("Env", $"{key}={value}");
        return grid;
    }
}
