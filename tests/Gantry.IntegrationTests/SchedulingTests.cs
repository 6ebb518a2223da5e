using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>The scheduler in the real server: preemption with notice and requeue, shared GPUs, quotas, queue and explain.</summary>
public sealed class SchedulingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HigherPriorityJob_PreemptsPreemptibleWork_WhichGetsANotice_AndIsRequeuedKeepingItsAttempt()
    {
        // The low-priority job checkpoints on SIGTERM (it reads the notice file) and resumes from the checkpoint.
        var low = TestServer.Shell("""
            if [ -f "$GANTRY_OUTPUT/checkpoint" ]; then echo resumed-from-checkpoint; exit 0; fi
            trap 'echo "notice: $(cat "$GANTRY_PREEMPT_FILE")"; touch "$GANTRY_OUTPUT/checkpoint"; exit 0' TERM
            echo started; while true; do sleep 0.05; done
            """, gpus: 2, name: "low") with { Preemptible = true, Priority = 0 };
        var lowId = (await _server.Admin.SubmitAsync(low)).JobIds[0];
        await _server.Admin.WaitForAsync(lowId, j => j.State == JobState.Running);
        // "started" comes after its TERM trap: a notice before that would kill it without a checkpoint.
        await MonitoringSupport.EventuallyAsync(() => _server.Admin.LogAsync(lowId), l => l.Contains("started", StringComparison.Ordinal), "the low job to set its trap");

        var highId = (await _server.Admin.SubmitAsync(TestServer.Shell("echo high", gpus: 2, name: "high") with { Priority = 100 })).JobIds[0];
        var high = await _server.Admin.WaitAsync(highId);
        var lowDone = await _server.Admin.WaitAsync(lowId);

        Assert.Equal(JobState.Succeeded, high.State);
        Assert.Equal(JobState.Succeeded, lowDone.State);
        Assert.Equal(1, lowDone.Preemptions);
        Assert.Equal(1, lowDone.Attempt);
        var log = await _server.Admin.LogAsync(lowId);
        Assert.Contains($"notice: job {lowId} is preempted for job {highId}", log);
        Assert.Contains("resumed-from-checkpoint", log);
        Assert.True(lowDone.StartedAt >= high.FinishedAt, "the preempted job resumed only after the high-priority job ended");
        var audit = await (await _server.Admin.GetAsync("/api/v1/audit?action=job.preempt", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();
        Assert.Equal($"job/{lowId}", Assert.Single(audit.Items).Target);
    }

    [Fact]
    public async Task NonPreemptibleWork_IsNotPreempted_TheHigherPriorityJobWaits()
    {
        var lowId = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 2, name: "steady"))).JobIds[0];
        await _server.Admin.WaitForAsync(lowId, j => j.State == JobState.Running);
        var highId = (await _server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 1) with { Priority = 100 })).JobIds[0];

        var waiting = await _server.Admin.WaitForAsync(highId, j => j.Reason is not null);
        var explain = await (await _server.Admin.GetAsync($"/api/v1/jobs/{highId}/explain", TestContext.Current.CancellationToken)).ReadAsync<ExplainView>();

        Assert.Equal(JobState.Queued, waiting.State);
        Assert.Equal(JobState.Running, (await _server.Admin.GetJobAsync(lowId)).State);
        Assert.Equal(1, explain.Position);
        Assert.Contains($"Job {highId} is waiting", explain.Summary);
        Assert.Contains("1 GPU", explain.Summary);
    }

    [Fact]
    public async Task GpuFractions_ShareOneGpu_AndAThirdShareWaits()
    {
        await using var server = await TestServer.StartAsync(TestServer.DefaultConfig(gpus: 1));
        var script = "echo fraction=$GANTRY_GPU_FRACTION cuda=$CUDA_VISIBLE_DEVICES; while [ ! -f \"$GANTRY_OUTPUT/go\" ]; do sleep 0.05; done";
        JobSpec Half() => TestServer.Shell(script) with { Resources = new ResourceSpec { GpuFraction = 0.5, Cpus = 0.1, Memory = "64Mi" } };
        var a = (await server.Admin.SubmitAsync(Half())).JobIds[0];
        var b = (await server.Admin.SubmitAsync(Half())).JobIds[0];
        var c = (await server.Admin.SubmitAsync(Half())).JobIds[0];

        var ra = await server.Admin.WaitForAsync(a, j => j.State == JobState.Running);
        var rb = await server.Admin.WaitForAsync(b, j => j.State == JobState.Running);
        var rc = await server.Admin.WaitForAsync(c, j => j.Reason is not null);

        Assert.Equal([0], ra.Gpus);
        Assert.Equal([0], rb.Gpus);
        Assert.Equal(0.5, ra.Resources.GpuFraction);
        Assert.Equal(JobState.Queued, rc.State);
        foreach (var id in new[] { a, b })
        {
            await File.WriteAllTextAsync(Path.Combine(server.DataDir, "jobs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "output", "go"), "", TestContext.Current.CancellationToken);
            Assert.Equal(JobState.Succeeded, (await server.Admin.WaitAsync(id)).State);
            Assert.Contains("fraction=0.5 cuda=0", await server.Admin.LogAsync(id));
        }

        await server.Admin.WaitForAsync(c, j => j.State == JobState.Running);
        await File.WriteAllTextAsync(Path.Combine(server.DataDir, "jobs", c.ToString(System.Globalization.CultureInfo.InvariantCulture), "output", "go"), "", TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Succeeded, (await server.Admin.WaitAsync(c)).State);
    }

    [Fact]
    public async Task ProjectQuota_HoldsJobsBack_SaysSoInTheQueue_AndRefusesJobsOverItsLimit()
    {
        var admin = _server.Admin;
        (await admin.PostAsync("/api/v1/projects", TestServer.Json(new CreateProjectRequest("capped")), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var quota = await admin.PutAsync("/api/v1/projects/capped/quota",
            TestServer.Json(new SetQuotaRequest(new ResourceAmounts(Gpus: 1))), TestContext.Current.CancellationToken);
        Assert.Equal(1, (await quota.ReadAsync<ProjectView>()).Quota!.Guaranteed.Gpus);

        var first = (await admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 1, project: "capped"))).JobIds[0];
        var second = (await admin.SubmitAsync(TestServer.Shell("true", gpus: 1, project: "capped"))).JobIds[0];
        await admin.WaitForAsync(first, j => j.State == JobState.Running);
        var held = await admin.WaitForAsync(second, j => j.Reason is not null);
        var queue = await (await admin.GetAsync("/api/v1/queue?project=capped", TestContext.Current.CancellationToken)).ReadAsync<QueueEntryView[]>();
        var tooBig = await admin.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true", gpus: 2, project: "capped")), TestContext.Current.CancellationToken);
        var badQuota = await admin.PutAsync("/api/v1/projects/capped/quota",
            TestServer.Json(new SetQuotaRequest(new ResourceAmounts(Gpus: 4), new ResourceAmounts(Gpus: 2))), TestContext.Current.CancellationToken);

        Assert.Equal(JobState.Queued, held.State);
        Assert.Contains("quota", held.Reason);
        var entry = Assert.Single(queue);
        Assert.Equal(second, entry.JobId);
        Assert.Equal("QuotaLimit", entry.Reason);
        Assert.Contains("project 'capped' may hold at most 1", await tooBig.ProblemAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Contains("must not be below the guaranteed", await badQuota.ProblemAsync(HttpStatusCode.BadRequest));

        await admin.PostAsync($"/api/v1/jobs/{first}/cancel", null, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Succeeded, (await admin.WaitAsync(second)).State);
    }

    [Fact]
    public async Task Explain_DescribesRunningFinishedAndUnknownJobs()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 1))).JobIds[0];
        await _server.Admin.WaitForAsync(id, j => j.State == JobState.Running);

        var running = await (await _server.Admin.GetAsync($"/api/v1/jobs/{id}/explain", TestContext.Current.CancellationToken)).ReadAsync<ExplainView>();
        await _server.Admin.PostAsync($"/api/v1/jobs/{id}/cancel", null, TestContext.Current.CancellationToken);
        await _server.Admin.WaitAsync(id);
        var cancelled = await (await _server.Admin.GetAsync($"/api/v1/jobs/{id}/explain", TestContext.Current.CancellationToken)).ReadAsync<ExplainView>();
        var unknown = await _server.Admin.GetAsync("/api/v1/jobs/987654/explain", TestContext.Current.CancellationToken);

        Assert.Contains($"Job {id} is running on node testnode", running.Summary);
        Assert.Contains("cancelled by admin", cancelled.Summary);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
    }
}
