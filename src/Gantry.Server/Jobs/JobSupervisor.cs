using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Gantry.Core;
using Gantry.Core.Jobs;
using Gantry.Execution;
using Gantry.Scheduling;
using Gantry.Server.Cluster;
using Gantry.Server.Hosting;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Jobs;

/// <summary>
/// Runs the job lifecycle: re-attaches to running jobs after a restart, asks the scheduler for a
/// plan, commits it, launches through the executors, watches every attempt to its end and applies
/// retries, time limits and cancellation. Each state change is one metadata transaction.
/// </summary>
internal sealed partial class JobSupervisor(
    ClusterInventory inventory,
    MetadataStore store,
    MetadataWriter writer,
    JobEvents events,
    ServerPaths paths,
    Data.JobDataHooks dataHooks,
    IOptions<JobOptions> options,
    TimeProvider time,
    Monitoring.MonitoringHooks monitoring,
    ILogger<JobSupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IReadOnlyDictionary<long, string> _waiting = new Dictionary<long, string>();
    private CancellationToken _stopping;

    private JobOptions Options => options.Value;

    /// <summary>True once jobs left running by a previous server have been reconciled.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public IEnumerable<Allocation> Allocations => _running.Values.Select(r => r.Allocation);

    /// <summary>Why a queued job did not start in the last cycle, if the scheduler said.</summary>
    public string? WaitingReason(long jobId) => _waiting.GetValueOrDefault(jobId);

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Signals a running job to stop; the watcher records it as Cancelled when it ends.</summary>
    public void RequestCancel(long jobId)
    {
        if (_running.TryGetValue(jobId, out var job) && job.RequestCancel() is { } handle)
            _ = CancelProcessAsync(job, handle);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            await ReconcileAsync(stoppingToken);
            _ready.TrySetResult();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ScheduleOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.SchedulingFailed(logger, ex);
                }

                await WaitForWorkAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: running jobs keep running and are re-attached by the next server.
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wake.Reader.WaitToReadAsync(cycle.Token).AsTask();
        var timer = Task.Delay(Options.SchedulerInterval, time, cycle.Token);
        await Task.WhenAny(woken, timer);
        await cycle.CancelAsync();
        _wake.Reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task ScheduleOnceAsync(CancellationToken cancellationToken)
    {
        using var cycle = monitoring.SchedulerCycle();
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        List<JobRecord> queued;
        await using (var db = store.CreateContext())
        {
            queued = await db.Jobs.AsNoTracking()
                .Where(j => j.State == JobState.Queued && j.NotBeforeMs <= nowMs && !j.CancelRequested)
                .OrderByDescending(j => j.Priority).ThenBy(j => j.Id)
                .Take(Options.SchedulerWindow)
                .ToListAsync(cancellationToken);
        }

        if (queued.Count == 0)
        {
            _waiting = new Dictionary<long, string>();
            return;
        }

        var snapshot = new ClusterSnapshot(
            inventory.Free(Allocations),
            queued.Select(j => new PendingJob(j.Id, j.Priority, ResourcesOf(j), j.Pool)).ToArray());
        var plan = PriorityFifoScheduler.Schedule(snapshot);
        _waiting = plan.Waiting;
        if (plan.Placements.Count > 0)
            await StartAsync(plan.Placements, cancellationToken);
    }

    private async Task StartAsync(IReadOnlyList<Placement> placements, CancellationToken cancellationToken)
    {
        var started = await writer.WriteAsync(scope =>
        {
            var list = new List<(JobRecord Job, Placement Placement)>();
            foreach (var placement in placements)
            {
                var job = scope.Db.Jobs.Find(placement.JobId);
                if (job is null || job.State != JobState.Queued || job.CancelRequested)
                    continue;
                job.State = JobState.Running;
                job.StartedAtMs = scope.NowMs;
                job.FinishedAtMs = null;
                job.ExitCode = null;
                job.Node = placement.Node;
                job.Devices = string.Join(',', placement.Devices);
                job.Handle = null;
                job.Reason = null;
                list.Add((job, placement));
                monitoring.AttemptStarted(scope, job);
            }

            return list;
        }, cancellationToken);

        var handles = new List<(long JobId, string Handle)>();
        var watch = new List<RunningJob>();
        foreach (var (job, placement) in started)
        {
            events.Changed(job.Id);
            var node = inventory.Find(placement.Node)!.Value;
            var deadline = job.TimeLimitSeconds is { } limit ? time.GetUtcNow().AddSeconds(limit) : (DateTimeOffset?)null;
            var running = new RunningJob(new Allocation(job.Id, placement.Node, placement.Devices, job.Cpus, job.MemoryBytes), node.Executor, deadline);
            _running[job.Id] = running;
            var request = LaunchRequestFor(job, node.Node);
            if (await dataHooks.PrepareInputsAsync(job.Id, request.JobDirectory, cancellationToken) is { } inputsFailed)
            {
                await FinishAsync(job.Id, new TaskExit(null, null, inputsFailed), false, cancellationToken);
                continue;
            }

            Outcome<LaunchedTask> launched;
            try
            {
                launched = await node.Executor.LaunchAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                launched = GantryError.Invalid(ex.Message);
            }

            if (!launched.IsOk)
            {
                Log.LaunchFailed(logger, job.Id, launched.Error.Message);
                await FinishAsync(job.Id, new TaskExit(null, null, "could not start: " + launched.Error.Message), false, cancellationToken);
                continue;
            }

            handles.Add((job.Id, launched.Value.Handle));
            if (running.SetHandle(launched.Value.Handle))
                _ = CancelProcessAsync(running, launched.Value.Handle);
            watch.Add(running);
        }

        if (handles.Count > 0)
        {
            await writer.WriteAsync(scope =>
            {
                foreach (var (jobId, handle) in handles)
                {
                    var job = scope.Db.Jobs.Find(jobId);
                    if (job is { State: JobState.Running })
                        job.Handle = handle;
                }

                return true;
            }, cancellationToken);
        }

        foreach (var running in watch)
            Watch(running, handles.First(h => h.JobId == running.JobId).Handle);
    }

    private LaunchRequest LaunchRequestFor(JobRecord job, Core.Hardware.NodeInventory node)
    {
        var indices = ParseDevices(job.Devices);
        return new LaunchRequest(
            job.Id,
            job.Attempt,
            JsonSerializer.Deserialize<string[]>(job.CommandJson, GantryJson.Options) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, string>>(job.EnvJson, GantryJson.Options) ?? [],
            paths.JobDir(job.Id),
            node.Name,
            node.Accelerators.Where(a => indices.Contains(a.Index)).ToArray(),
            job.Cpus,
            job.MemoryBytes,
            job.ArrayIndex);
    }

    /// <summary>A request naming only the job directory: enough to open its logs.</summary>
    public LaunchRequest LogRequestFor(JobRecord job) =>
        new(job.Id, job.Attempt, [], new Dictionary<string, string>(), paths.JobDir(job.Id), job.Node ?? string.Empty, [], job.Cpus, job.MemoryBytes, job.ArrayIndex);

    public IExecutor? ExecutorFor(JobRecord job) =>
        job.Node is not null ? inventory.Find(job.Node)?.Executor : (inventory.Pools.Count > 0 ? inventory.Pools[0].Executor : null);

    internal static IReadOnlyList<int> ParseDevices(string? devices) =>
        string.IsNullOrEmpty(devices)
            ? []
            : devices.Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();

    internal static ResourceRequest ResourcesOf(JobRecord job) =>
        new(job.Gpus, job.GpuType, job.Cpus, job.MemoryBytes, job.Nodes);

    private async Task CancelProcessAsync(RunningJob job, string handle)
    {
        try
        {
            await job.Executor.CancelAsync(handle, Options.CancelGrace, _stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CancelFailed(logger, job.JobId, ex);
        }
    }
}
