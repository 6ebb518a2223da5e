using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Text;
using Gantry.Storage.Records;

namespace Gantry.Server.Jobs;

internal static class JobViews
{
    public static JobView From(JobRecord job, string? waitingReason = null) => new(
        job.Id,
        job.Name,
        job.Project,
        job.User,
        job.State,
        JsonSerializer.Deserialize<string[]>(job.CommandJson, GantryJson.Options) ?? [],
        new ResourceView(job.Gpus, job.GpuType, job.Cpus, job.MemoryBytes, job.Nodes, job.GpuMilli < 1000 ? job.GpuMilli / 1000.0 : null),
        job.Priority,
        job.Preemptible,
        job.Attempt,
        job.MaxRetries,
        job.TimeLimitSeconds is { } limit ? DurationText.Format(TimeSpan.FromSeconds(limit)) : null,
        job.ArrayId,
        job.ArrayIndex,
        job.Pool,
        DateTimeOffset.FromUnixTimeMilliseconds(job.SubmittedAtMs),
        job.StartedAtMs is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
        job.FinishedAtMs is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
        job.ExitCode,
        job.Reason ?? waitingReason,
        job.Node,
        JobSupervisor.ParseDevices(job.Devices),
        JsonSerializer.Deserialize<Dictionary<string, string>>(job.EnvJson, GantryJson.Options) ?? [],
        job.Preemptions)
    {
        Distributed = DistributedOf(job),
        Burst = Cost.BurstViews.Recorded(job),
        Gang = Cluster.NodeDevices.Deserialize(job.GangJson)?.Select(p => new GangMemberView(p.Node, p.Devices)).ToArray(),
    };

    public static Core.Jobs.DistributedRequest? DistributedOf(JobRecord job) =>
        job.DistributedFramework is { } framework ? new Core.Jobs.DistributedRequest(framework, job.ProcessesPerNode ?? 1) : null;
}
