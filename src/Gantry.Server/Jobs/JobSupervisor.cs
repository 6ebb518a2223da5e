using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Gantry.Core;
using Gantry.Core.Jobs;
using Gantry.Execution;
using Gantry.Scheduling;
using Gantry.Scheduling.Model;
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
    SnapshotFactory snapshots,
    GantryScheduler scheduler,
    HybridPools hybrid,
    Cost.BurstPricing burstPricing,
    Leadership.LeaderElection leadership,
    IOptions<Leadership.MetadataOptions> metadataOptions,
    ILogger<JobSupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile QueueState _queue = QueueState.Empty;
    private long _cycleId;
    private CancellationToken _stopping;

    private JobOptions Options => options.Value;

    /// <summary>True once jobs left running by a previous server have been reconciled.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public IEnumerable<Allocation> Allocations => _running.Values.Select(r => r.Allocation);

    /// <summary>Why a queued job did not start in the last cycle, if the scheduler said.</summary>
    public string? WaitingReason(long jobId) => _queue.Explain(jobId)?.Describe();

    /// <summary>The queue as the last scheduling cycle left it: order, reasons, estimated starts.</summary>
    public QueueState Queue => _queue;

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Signals a running job to stop; the watcher records it as Cancelled when it ends.</summary>
    public void RequestCancel(long jobId)
    {
        if (_running.TryGetValue(jobId, out var job) && job.RequestStop() is { } handle)
            _ = CancelProcessAsync(job, handle, Options.CancelGrace);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            // Only the leader schedules; a follower takes over here, re-attaching what the old leader ran.
            await leadership.WaitForLeadershipAsync(stoppingToken);
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

    /// <summary>
    /// A cancel taken by another server (a follower answering the API) only marks the record: the leader sees
    /// the mark here, once per cycle, and stops the process it runs.
    /// </summary>
    private async Task StopCancelledElsewhereAsync(CancellationToken cancellationToken)
    {
        List<long> cancelled;
        await using (var db = store.CreateContext())
            cancelled = await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Running && j.CancelRequested).Select(j => j.Id).ToListAsync(cancellationToken);
        foreach (var id in cancelled)
        {
            if (_running.TryGetValue(id, out var job) && !job.Terminating)
                RequestCancel(id);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wake.Reader.WaitToReadAsync(cycle.Token).AsTask();
        // On a shared database submissions reach the leader through this poll (a follower's Wake is its own).
        var interval = store.IsShared && metadataOptions.Value.PollInterval < Options.SchedulerInterval ? metadataOptions.Value.PollInterval : Options.SchedulerInterval;
        var timer = Task.Delay(interval, time, cycle.Token);
        await Task.WhenAny(woken, timer);
        await cycle.CancelAsync();
        _wake.Reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task ScheduleOnceAsync(CancellationToken cancellationToken)
    {
        if (store.IsShared)
            await StopCancelledElsewhereAsync(cancellationToken);
        using var cycle = monitoring.SchedulerCycle();
        var (snapshot, queued) = await snapshots.BuildAsync(_running.Values.ToArray(), Interlocked.Increment(ref _cycleId), cancellationToken);
        if (snapshot.Queue.Count == 0)
        {
            _queue = QueueState.Empty;
            return;
        }

        var plan = scheduler.Schedule(snapshot);
        _queue = new QueueState(plan, queued, time.GetUtcNow());
        foreach (var preemption in plan.Preemptions)
            await PreemptAsync(preemption, cancellationToken);
        if (plan.Admissions.Count > 0)
            await StartAsync(plan.Admissions, cancellationToken);
    }

    private async Task StartAsync(IReadOnlyList<Admission> admissions, CancellationToken cancellationToken)
    {
        var started = await writer.WriteAsync(scope =>
        {
            var list = new List<(JobRecord Job, NodeAllocation Placement)>();
            foreach (var admission in admissions)
            {
                var job = scope.Db.Jobs.Find(admission.JobId);
                if (job is null || job.State != JobState.Queued || job.CancelRequested)
                    continue;

                // A gang (several nodes) is recorded on its first node, with every node in GangJson; only pools whose
                // executor starts a task on several nodes (Slurm, Kubernetes) are offered gangs.
                var placement = admission.Placements[0];
                job.State = JobState.Running;
                job.StartedAtMs = scope.NowMs;
                job.FinishedAtMs = null;
                job.ExitCode = null;
                job.Node = placement.Node;
                job.Devices = string.Join(',', placement.DeviceIndices);
                job.GangJson = NodeDevices.Serialize(admission.Placements.Select(p => new NodeDevices(p.Node, p.DeviceIndices)).ToArray());
                job.Borrowed = admission.Borrowed;
                RecordBurst(scope, job, admission, placement.Node);
                job.PreemptRequested = false;
                job.Handle = null;
                job.Reason = null;
                list.Add((job, placement));
                monitoring.AttemptStarted(scope, job);
            }

            return list;
        }, cancellationToken);

        var handles = new List<(long JobId, string Handle)>();
        var watch = new List<RunningJob>();
        var arrays = await LaunchArraysAsync(started, cancellationToken);
        foreach (var (job, placement) in started)
        {
            events.Changed(job.Id);
            var node = inventory.Find(placement.Node)!.Value;
            var deadline = job.TimeLimitSeconds is { } limit ? time.GetUtcNow().AddSeconds(limit) : (DateTimeOffset?)null;
            var running = new RunningJob(AllocationOf(job), node.Executor, deadline, job);
            _running[job.Id] = running;
            var launched = arrays.TryGetValue(job.Id, out var element) ? element : await LaunchOneAsync(job, node.Node, node.Executor, cancellationToken);
            if (!launched.IsOk)
            {
                Log.LaunchFailed(logger, job.Id, launched.Error.Message);
                await FinishAsync(job.Id, new TaskExit(null, null, launched.Error.Message), false, cancellationToken);
                continue;
            }

            handles.Add((job.Id, launched.Value.Handle));
            if (running.SetHandle(launched.Value.Handle))
                _ = CancelProcessAsync(running, launched.Value.Handle, Options.CancelGrace);
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
        {
            var handle = handles.First(h => h.JobId == running.JobId).Handle;
            Watch(running, handle);
            FollowEngineDevices(running, handle);
        }
    }

    /// <summary>
    /// A job placed in one of its burst pools: the decision and its estimated extra cost go on the record (so the
    /// cost report shows them) and into the audit trail, in the transaction that starts it.
    /// </summary>
    private void RecordBurst(WriteScope scope, JobRecord job, Admission admission, string node)
    {
        job.BurstPool = null;
        job.BurstWaitSeconds = null;
        job.BurstExtraUsdPerHour = null;
        job.BurstExtraUsd = null;
        if (admission.Burst is not { } burst || inventory.Find(node) is not { } placed)
            return;
        var home = hybrid.For(job.Pool, job.Burst, job.InputClass).Home;
        var estimate = burstPricing.Estimate(job.Gpus, job.GpuMilli, job.Nodes, job.GpuType, job.TimeLimitSeconds, home, placed.Pool);
        job.BurstPool = placed.Pool;
        job.BurstWaitSeconds = burst.HomeWaitSeconds ?? -1;
        job.BurstExtraUsdPerHour = estimate.ExtraUsdPerHour;
        job.BurstExtraUsd = estimate.ExtraUsd;
        var wait = burst.HomeWaitSeconds is { } w ? $"{Math.Round(w)} s" : "unbounded";
        scope.Audit("gantry", "job.burst", $"job/{job.Id}", "ok",
            $"to pool {placed.Pool}: estimated wait on-prem {wait} > burst_after {Math.Round(burst.AfterSeconds)} s; {estimate.Describe()}");
        Log.Burst(logger, job.Id, placed.Pool, wait, estimate.ExtraUsdPerHour);
    }

    /// <summary>
    /// Prepares inputs and starts the process. Any failure here — a missing input, a broken job
    /// directory, a bug — becomes the attempt's failure: a job recorded as Running never stays so
    /// without a process behind it.
    /// </summary>
    private async Task<Outcome<LaunchedTask>> LaunchOneAsync(JobRecord job, Core.Hardware.NodeInventory node, IExecutor executor, CancellationToken cancellationToken)
    {
        try
        {
            var (inputPaths, writesOutputs) = await dataHooks.BindingsAsync(job.Id, cancellationToken);
            var request = LaunchRequestFor(job, node) with { InputPaths = inputPaths, WritesOutputs = writesOutputs };
            if (await dataHooks.PrepareInputsAsync(job.Id, request.JobDirectory, cancellationToken) is { } inputsFailed)
                return GantryError.Invalid(inputsFailed);
            var launched = await executor.LaunchAsync(request, cancellationToken);
            return launched.IsOk ? launched : GantryError.Invalid("could not start: " + launched.Error.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return GantryError.Invalid("could not start: " + ex.Message);
        }
    }

    private LaunchRequest LaunchRequestFor(JobRecord job, Core.Hardware.NodeInventory node)
    {
        var indices = ParseDevices(job.Devices);
        return new LaunchRequest(
            job.Id,
            job.Attempt,
            JsonSerializer.Deserialize<string[]>(job.CommandJson, GantryJson.Options) ?? [],
            GantryEnvironment(job),
            paths.JobDir(job.Id),
            node.Name,
            node.Accelerators.Where(a => indices.Contains(a.Index)).ToArray(),
            job.Cpus,
            job.MemoryBytes,
            job.ArrayIndex)
        {
            TimeLimit = job.TimeLimitSeconds is { } limit ? TimeSpan.FromSeconds(limit) : null,
            GangNodes = NodeDevices.Deserialize(job.GangJson)?.Select(p => p.Node).ToArray() ?? [],
            Distributed = JobViews.DistributedOf(job),
            Image = job.Image,
        };
    }

    /// <summary>
    /// The job's own environment plus what Gantry tells it: where a preemption notice appears
    /// (<c>GANTRY_PREEMPT_FILE</c>, created just before SIGTERM so the job can checkpoint) and the
    /// share of its GPU when it holds a fraction of one.
    /// </summary>
    private Dictionary<string, string> GantryEnvironment(JobRecord job)
    {
        var env = JsonSerializer.Deserialize<Dictionary<string, string>>(job.EnvJson, GantryJson.Options) ?? [];
        var notice = PreemptFile(job.Id);
        if (File.Exists(notice))
            File.Delete(notice);
        env["GANTRY_PREEMPT_FILE"] = notice;
        if (job.GpuMilli < 1000)
            env["GANTRY_GPU_FRACTION"] = (job.GpuMilli / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        return env;
    }

    private string PreemptFile(long jobId) => Path.Combine(paths.JobDir(jobId), "preempt");

    /// <summary>A request naming only the job directory: enough to open its logs.</summary>
    public LaunchRequest LogRequestFor(JobRecord job) =>
        new(job.Id, job.Attempt, [], new Dictionary<string, string>(), paths.JobDir(job.Id), job.Node ?? string.Empty, [], job.Cpus, job.MemoryBytes, job.ArrayIndex);

    public IExecutor? ExecutorFor(JobRecord job) =>
        job.Node is not null ? inventory.Find(job.Node)?.Executor : (inventory.Pools.Count > 0 ? inventory.Pools[0].Executor : null);

    /// <summary>What a running job holds, from its record: its node and devices, or every node of its gang.</summary>
    internal static Allocation AllocationOf(JobRecord job) =>
        NodeDevices.Deserialize(job.GangJson) is { Count: > 1 } gang
            ? new Allocation(job.Id, gang, job.Cpus, job.MemoryBytes, job.GpuMilli)
            : new Allocation(job.Id, job.Node!, ParseDevices(job.Devices), job.Cpus, job.MemoryBytes, job.GpuMilli);

    internal static IReadOnlyList<int> ParseDevices(string? devices) =>
        string.IsNullOrEmpty(devices)
            ? []
            : devices.Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();

    private async Task CancelProcessAsync(RunningJob job, string handle, TimeSpan grace)
    {
        try
        {
            await job.Executor.CancelAsync(handle, grace, _stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CancelFailed(logger, job.JobId, ex);
        }
    }
}
