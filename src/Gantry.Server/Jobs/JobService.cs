using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Scheduling;
using Gantry.Server.Auth;
using Gantry.Server.Cluster;
using Gantry.Server.Cost;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Jobs;

/// <summary>What the jobs API does: submit, read, cancel. Every change is one audited transaction.</summary>
internal sealed class JobService(
    MetadataStore store,
    MetadataWriter writer,
    ClusterInventory inventory,
    JobSupervisor supervisor,
    Data.JobDataHooks dataHooks,
    JobEvents events,
    BudgetGuard budgets,
    HybridPools hybrid,
    BurstPricing burstPricing,
    Microsoft.Extensions.Options.IOptions<BurstOptions> burstOptions,
    Microsoft.Extensions.Options.IOptions<Leadership.MetadataOptions> metadataOptions)
{
    public async Task<Outcome<SubmitResponse>> SubmitAsync(Caller caller, JobSpec spec, CancellationToken cancellationToken)
    {
        var validated = JobSpecValidator.Validate(spec);
        if (!validated.IsOk)
            return await RefuseAsync(caller, "job.submit", spec.Project ?? "default", validated.Error, cancellationToken);
        var job = validated.Value;
        if (ProjectAccess.Require(caller, job.Project, Role.Member, "submitting jobs") is { } denied)
            return await RefuseAsync(caller, "job.submit", job.Project, denied, cancellationToken);
        if (budgets.WhyRefused(job.Project) is { } overBudget)
            return await RefuseAsync(caller, "job.submit", job.Project, overBudget, cancellationToken);
        if (spec.Image is { } image && (image.Length is 0 or > 512 || image.Any(char.IsWhiteSpace)))
            return await RefuseAsync(caller, "job.submit", job.Project, GantryError.Invalid("image must be a container image reference without spaces, at most 512 characters"), cancellationToken);
        if (FitCheck.WhyNever(job.Resources, job.Pool, inventory.Capacity(), inventory.GangPools()) is { } never)
            return await RefuseAsync(caller, "job.submit", job.Project, GantryError.Unfittable($"no pool can ever run this job: {never}"), cancellationToken);
        if (DistributedFit.WhyNever(job, inventory) is { } single)
            return await RefuseAsync(caller, "job.submit", job.Project, GantryError.Unfittable($"no pool can ever run this job: {single}"), cancellationToken);
        if (JobDataReach.WhyNever(job, spec, inventory) is { } unreachable)
            return await RefuseAsync(caller, "job.submit", job.Project, GantryError.Unfittable($"no pool can ever run this job: {unreachable}"), cancellationToken);

        var result = await writer.WriteAsync(scope =>
        {
            var project = scope.Db.Projects.Find(job.Project);
            if (project is null)
            {
                scope.Audit(caller.User, "job.submit", "project/" + job.Project, "invalid", "no such project");
                return Outcome<SubmitResponse>.Fail(GantryError.NotFound($"project '{job.Project}' not found"));
            }

            if (QuotaFit.WhyNever(job.Resources, project) is { } overLimit)
            {
                scope.Audit(caller.User, "job.submit", "project/" + job.Project, "unfittable", overLimit);
                return Outcome<SubmitResponse>.Fail(GantryError.Unfittable("no pool can ever run this job: " + overLimit));
            }

            var data = dataHooks.Bind(scope, caller, job, spec);
            if (!data.IsOk)
                return Outcome<SubmitResponse>.Fail(Data.JobDataHooks.Refuse(scope, caller, job.Project, data.Error));

            // Residency and burst: some pool the job may use (where its inputs may be read) must be able to hold it.
            var burst = spec.Burst == true;
            if (hybrid.WhyNever(job.Resources, job.Pool, burst, data.Value.InputClass) is { } nowhere)
            {
                scope.Audit(caller.User, "job.submit", "project/" + job.Project, "unfittable", nowhere);
                return Outcome<SubmitResponse>.Fail(GantryError.Unfittable(nowhere));
            }

            var indices = job.ArrayIndices ?? [];
            var ids = new List<long>(Math.Max(1, indices.Count));
            long? arrayId = null;
            var command = JsonSerializer.Serialize(job.Command, GantryJson.Options);
            var env = JsonSerializer.Serialize(job.Env, GantryJson.Options);
            IEnumerable<int?> tasks = job.ArrayIndices is { } list ? list.Select(i => (int?)i) : [null];
            foreach (var index in tasks)
            {
                var id = scope.NextJobId();
                arrayId ??= job.ArrayIndices is null ? null : id;
                ids.Add(id);
                var record = NewRecord(job, caller.User, id, arrayId, index, command, env, scope.NowMs);
                record.Burst = burst;
                record.InputClass = data.Value.InputClass;
                record.Image = spec.Image;
                scope.Db.Jobs.Add(record);
            }

            dataHooks.Record(scope, ids, data.Value);
            var target = arrayId is { } a ? $"job/{a}[{indices.Count}]" : $"job/{ids[0]}";
            scope.Audit(caller.User, "job.submit", target, "ok", $"project {job.Project}: {job.Name}");
            scope.AfterCommit(supervisor.Wake);
            return new SubmitResponse(ids, arrayId) { Burst = burst ? BurstBefore(job, data.Value.InputClass) : null };
        }, cancellationToken);
        return result;
    }

    public async Task<Outcome<JobView>> GetAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null || !caller.CanSee(job.Project))
            return GantryError.NotFound($"job {id} not found");
        return JobViews.From(job, supervisor.WaitingReason(id));
    }

    public async Task<Outcome<JobRecord>> GetRecordAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null || !caller.CanSee(job.Project))
            return GantryError.NotFound($"job {id} not found");
        return job;
    }

    public async Task<Page<JobView>> ListAsync(Caller caller, JobQuery query, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var jobs = db.Jobs.AsNoTracking().AsQueryable();
        if (!caller.IsAdmin)
        {
            var visible = caller.Projects.Keys.ToArray();
            jobs = jobs.Where(j => visible.Contains(j.Project));
        }

        if (query.Project is not null)
            jobs = jobs.Where(j => j.Project == query.Project);
        if (query.State is { } state)
            jobs = jobs.Where(j => j.State == state);
        if (query.User is not null)
            jobs = jobs.Where(j => j.User == query.User);
        if (query.Name is not null)
            jobs = jobs.Where(j => j.Name == query.Name);
        if (query.ArrayId is { } arrayId)
            jobs = jobs.Where(j => j.ArrayId == arrayId);
        if (query.Cursor is { } cursor)
            jobs = jobs.Where(j => j.Id < cursor);
        var page = await jobs.OrderByDescending(j => j.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > query.Limit ? page[query.Limit - 1].Id.ToString(CultureInfo.InvariantCulture) : null;
        var items = page.Take(query.Limit).Select(j => JobViews.From(j, supervisor.WaitingReason(j.Id))).ToArray();
        return new Page<JobView>(items, next);
    }

    public async Task<Outcome<JobView>> CancelAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var outcome = await writer.WriteAsync(scope =>
        {
            var job = scope.Db.Jobs.Find(id);
            if (job is null || !caller.CanSee(job.Project))
            {
                scope.Audit(caller.User, "job.cancel", $"job/{id}", "not_found");
                return Outcome<JobRecord>.Fail(GantryError.NotFound($"job {id} not found"));
            }

            if (ProjectAccess.Require(caller, job.Project, Role.Member, "cancelling jobs") is { } denied)
            {
                scope.Audit(caller.User, "job.cancel", $"job/{id}", "denied", denied.Message);
                return Outcome<JobRecord>.Fail(denied);
            }

            if (job.State.IsFinal())
            {
                scope.Audit(caller.User, "job.cancel", $"job/{id}", "conflict", $"already {job.State}");
                return Outcome<JobRecord>.Fail(GantryError.Conflict($"job {id} already ended: {job.State.ToString().ToLowerInvariant()}"));
            }

            job.CancelRequested = true;
            job.Reason = $"cancelled by {caller.User}";
            if (job.State is JobState.Queued or JobState.Preempted)
            {
                job.State = JobState.Cancelled;
                job.FinishedAtMs = scope.NowMs;
            }
            else
            {
                scope.AfterCommit(() => supervisor.RequestCancel(id));
            }

            scope.Audit(caller.User, "job.cancel", $"job/{id}", "ok");
            scope.AfterCommit(() => events.Changed(id));
            return Outcome<JobRecord>.Ok(job);
        }, cancellationToken);
        return outcome.IsOk ? JobViews.From(outcome.Value) : outcome.Error;
    }

    /// <summary>Waits until the job is final or <paramref name="timeout"/> passes, then returns it.</summary>
    public async Task<Outcome<JobView>> WaitAsync(Caller caller, long id, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        while (true)
        {
            var changed = events.NextChange(id);
            var view = await GetAsync(caller, id, cancellationToken);
            if (!view.IsOk || view.Value.State.IsFinal())
                return view;
            try
            {
                // Another server (the leader) may change the job: on a shared database look again every poll interval.
                if (store.IsShared)
                    await Task.WhenAny(changed, Task.Delay(metadataOptions.Value.PollInterval, time, linked.Token)).Unwrap().WaitAsync(linked.Token);
                else
                    await changed.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return await GetAsync(caller, id, cancellationToken);
            }
        }
    }

    /// <summary>Where a job that allows burst could go and what it would cost extra, shown before it runs.</summary>
    private BurstEstimateView? BurstBefore(JobRequest job, Core.Api.Data.DataClass? inputClass)
    {
        var choice = hybrid.For(job.Pool, true, inputClass);
        var r = job.Resources;
        if (burstPricing.Cheapest(r.Gpus, r.GpuMilli, r.Nodes, r.GpuType, job.TimeLimit?.TotalSeconds, choice) is not { } estimate)
            return null;
        var after = burstOptions.Value.BurstAfter;
        var when = after is { } a
            ? $"It may run in cloud pool '{estimate.Pool}' if its estimated wait on-premises exceeds {Core.Text.DurationText.Format(a)}; "
            : $"Bursting is off (Scheduler:BurstAfter is not set), so it stays on-premises; if it were on: ";
        return BurstViews.From(estimate, after, when + estimate.Describe() + ".");
    }

    private async Task<GantryError> RefuseAsync(Caller caller, string action, string project, GantryError error, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(scope =>
        {
            scope.Audit(caller.User, action, "project/" + project, error.Kind.ToString().ToLowerInvariant(), error.Message);
            return true;
        }, cancellationToken);
        return error;
    }

    private static JobRecord NewRecord(JobRequest job, string user, long id, long? arrayId, int? index, string command, string env, long nowMs) => new()
    {
        Id = id,
        Name = job.Name,
        Project = job.Project,
        User = user,
        State = JobState.Queued,
        CommandJson = command,
        EnvJson = env,
        Gpus = job.Resources.Gpus,
        GpuType = job.Resources.GpuType,
        Cpus = job.Resources.Cpus,
        MemoryBytes = job.Resources.MemoryBytes,
        Nodes = job.Resources.Nodes,
        GpuMilli = job.Resources.GpuMilli,
        Priority = job.Priority,
        Preemptible = job.Preemptible,
        MaxRetries = job.MaxRetries,
        Attempt = 1,
        TimeLimitSeconds = job.TimeLimit?.TotalSeconds,
        ArrayId = arrayId,
        ArrayIndex = index,
        Pool = job.Pool,
        DistributedFramework = job.Distributed?.Framework,
        ProcessesPerNode = job.Distributed?.ProcessesPerNode,
        SubmittedAtMs = nowMs,
        NotBeforeMs = 0,
    };
}
