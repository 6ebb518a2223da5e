using System.Globalization;
using Gantry.Core.Api;
using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>The table of <c>gantry job ls</c>.</summary>
internal static class JobTable
{
    public static Table Create(IEnumerable<JobView> jobs, DateTimeOffset now)
    {
        var table = TableFactory.Create("ID", "NAME", "PROJECT", "USER", "STATE", "GPUS", "NODE", "AGE", "DURATION", "EXIT");
        foreach (var job in jobs)
        {
            table.AddTextRow(
                job.Id.ToString(CultureInfo.InvariantCulture),
                job.ArrayIndex is { } index ? $"{job.Name}[{index}]" : job.Name,
                job.Project,
                job.User,
                JobText.State(job.State),
                JobText.Gpus(job.Resources),
                job.Node ?? TimeText.None,
                TimeText.Since(job.SubmittedAt, now),
                JobText.Duration(job, now),
                JobText.Exit(job));
        }

        return table;
    }
}
