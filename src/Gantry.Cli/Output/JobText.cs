using System.Globalization;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Output;

/// <summary>The short texts a job shows in tables and messages.</summary>
internal static class JobText
{
    public static string State(JobState state) => state.ToString().ToLowerInvariant();

    public static string Gpus(ResourceView resources) =>
        resources.Gpus == 0 ? "0"
        : resources.GpuType is null ? resources.Gpus.ToString(CultureInfo.InvariantCulture)
        : $"{resources.Gpus}:{resources.GpuType}";

    /// <summary>How long it has run: to its end, or to now while it runs.</summary>
    public static string Duration(JobView job, DateTimeOffset now) =>
        job.StartedAt is { } started ? TimeText.Short((job.FinishedAt ?? now) - started) : TimeText.None;

    public static string Exit(JobView job) =>
        job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None;

    /// <summary>One line saying how a job ended (or where it is): "job 12 failed with exit code 3: out of memory".</summary>
    public static string Outcome(JobView job, DateTimeOffset now)
    {
        var text = job.State switch
        {
            JobState.Succeeded => $"job {job.Id} succeeded in {Duration(job, now)}",
            JobState.Failed when job.ExitCode is { } code => $"job {job.Id} failed with exit code {code}",
            JobState.Failed => $"job {job.Id} failed",
            JobState.Cancelled => $"job {job.Id} was cancelled",
            _ => $"job {job.Id} is {State(job.State)}",
        };
        return job.Reason is { Length: > 0 } reason && job.State != JobState.Succeeded ? $"{text}: {reason}" : text;
    }
}
