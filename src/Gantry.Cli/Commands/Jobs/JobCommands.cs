using System.CommandLine;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli.Commands.Jobs;

/// <summary><c>gantry job …</c>: submit, list, inspect, follow, cancel and wait for jobs.</summary>
internal static class JobCommands
{
    public static Command Create(CommandBinder binder) => new("job", "Submit and manage jobs")
    {
        JobSubmitCommand.Create(binder),
        JobListCommand.Create(binder),
        JobGetCommand.Create(binder),
        JobLogsCommand.Create(binder),
        JobCancelCommand.Create(binder),
        JobWaitCommand.Create(binder),
        Monitoring.JobMetricsCommand.Create(binder),
        Scheduling.JobExplainCommand.Create(binder),
    };
}
