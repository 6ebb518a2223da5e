using System.Net;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class JobLifecycleTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Job_RunsToSuccess_WithItsEnvironmentAndLogs()
    {
        var submitted = await _server.Admin.SubmitAsync(TestServer.Shell(
            "echo job=$GANTRY_JOB_ID; echo cuda=[$CUDA_VISIBLE_DEVICES]; test -d \"$GANTRY_OUTPUT\" && echo out-ok; echo oops >&2"));
        var id = submitted.JobIds[0];

        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(0, job.ExitCode);
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.FinishedAt);
        var stdout = await _server.Admin.LogAsync(id);
        Assert.Contains($"job={id}", stdout);
        Assert.Contains("cuda=[]", stdout);
        Assert.Contains("out-ok", stdout);
        Assert.Contains("oops", await _server.Admin.LogAsync(id, "stderr"));
    }

    [Fact]
    public async Task Job_ThatExitsNonZero_IsFailedWithItsExitCode()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("exit 3"))).JobIds[0];

        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(3, job.ExitCode);
        Assert.Contains("exit code 3", job.Reason);
    }

    [Fact]
    public async Task Job_WithRetries_RunsAgainAndSucceeds()
    {
        var spec = TestServer.Shell("if [ -f \"$GANTRY_OUTPUT/once\" ]; then echo second; exit 0; fi; touch \"$GANTRY_OUTPUT/once\"; exit 1") with { MaxRetries = 2 };
        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];

        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.Contains("second", await _server.Admin.LogAsync(id));
    }

    [Fact]
    public async Task Job_ThatKeepsFailing_StopsAfterMaxRetries()
    {
        var spec = TestServer.Shell("exit 7") with { MaxRetries = 2 };
        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];

        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(3, job.Attempt);
        Assert.Equal(7, job.ExitCode);
    }

    [Fact]
    public async Task Job_OverItsTimeLimit_IsKilledAndFailed()
    {
        var spec = TestServer.Shell("sleep 600") with { TimeLimit = "1s", MaxRetries = 3 };
        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];

        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("time limit", job.Reason);
        Assert.Equal(1, job.Attempt);
    }

    [Fact]
    public async Task Cancel_OfRunningJob_SignalsItAndRecordsCancelled()
    {
        var spec = TestServer.Shell("trap 'echo got-term; exit 143' TERM; echo started; while true; do sleep 0.1; done");
        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        await _server.Admin.WaitForAsync(id, j => j.State == JobState.Running);
        await WaitForLogAsync(id, "started");

        var cancel = await _server.Admin.PostAsync($"/api/v1/jobs/{id}/cancel", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Contains("cancelled by admin", job.Reason);
        Assert.Contains("got-term", await _server.Admin.LogAsync(id));
    }

    [Fact]
    public async Task Cancel_OfFinishedJob_IsAConflict()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("true"))).JobIds[0];
        await _server.Admin.WaitAsync(id);

        var cancel = await _server.Admin.PostAsync($"/api/v1/jobs/{id}/cancel", null, TestContext.Current.CancellationToken);

        Assert.Contains("already ended", await cancel.ProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Array_GivesEachTaskItsIndex()
    {
        var spec = TestServer.Shell("echo index=$GANTRY_ARRAY_INDEX") with { Array = "0-4" };
        var submitted = await _server.Admin.SubmitAsync(spec);

        Assert.Equal(5, submitted.JobIds.Count);
        Assert.Equal(submitted.JobIds[0], submitted.ArrayId);
        var seen = new List<string>();
        foreach (var id in submitted.JobIds)
        {
            var job = await _server.Admin.WaitAsync(id);
            Assert.Equal(JobState.Succeeded, job.State);
            seen.Add((await _server.Admin.LogAsync(id)).Trim());
        }

        Assert.Equal(["index=0", "index=1", "index=2", "index=3", "index=4"], seen.Order());
    }

    [Fact]
    public async Task Gpus_AreNeverOversubscribed_AndEachJobSeesOnlyItsOwn()
    {
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
            ids.AddRange((await _server.Admin.SubmitAsync(TestServer.Shell("echo $CUDA_VISIBLE_DEVICES; sleep 0.3", gpus: 1))).JobIds);

        var jobs = new List<Core.Api.JobView>();
        foreach (var id in ids)
            jobs.Add(await _server.Admin.WaitAsync(id));

        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        foreach (var job in jobs)
        {
            var visible = (await _server.Admin.LogAsync(job.Id)).Trim();
            Assert.Equal(string.Join(',', job.Gpus), visible);
            Assert.Single(job.Gpus);
            // At the moment this job started, the jobs running (itself included) fit the 2 GPUs and hold different ones.
            var runningThen = jobs.Where(o => o.StartedAt <= job.StartedAt && job.StartedAt < o.FinishedAt).ToList();
            Assert.True(runningThen.Count <= 2, "more jobs ran at once than there are GPUs");
            Assert.Equal(runningThen.Count, runningThen.Select(o => o.Gpus[0]).Distinct().Count());
        }
    }

    [Fact]
    public async Task Queued_Job_CanBeCancelledBeforeItStarts()
    {
        var blocker = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 2))).JobIds[0];
        await _server.Admin.WaitForAsync(blocker, j => j.State == JobState.Running);
        var waiting = (await _server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 1))).JobIds[0];
        var queued = await _server.Admin.WaitForAsync(waiting, j => j.Reason is not null);
        Assert.Equal(JobState.Queued, queued.State);
        Assert.Contains("GPU", queued.Reason);

        await _server.Admin.PostAsync($"/api/v1/jobs/{waiting}/cancel", null, TestContext.Current.CancellationToken);
        await _server.Admin.PostAsync($"/api/v1/jobs/{blocker}/cancel", null, TestContext.Current.CancellationToken);

        Assert.Equal(JobState.Cancelled, (await _server.Admin.WaitAsync(waiting)).State);
        Assert.Null((await _server.Admin.GetJobAsync(waiting)).StartedAt);
        Assert.Equal(JobState.Cancelled, (await _server.Admin.WaitAsync(blocker)).State);
    }

    [Fact]
    public async Task Logs_Follow_StreamsUntilTheJobEnds()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("for i in 1 2 3 4 5; do echo line$i; sleep 0.1; done"))).JobIds[0];

        var text = await _server.Admin.GetStringAsync($"/api/v1/jobs/{id}/logs?follow=true", TestContext.Current.CancellationToken);

        Assert.Equal("line1\nline2\nline3\nline4\nline5\n", text);
        Assert.Equal(JobState.Succeeded, (await _server.Admin.GetJobAsync(id)).State);
    }

    private async Task WaitForLogAsync(long id, string text)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!(await _server.Admin.LogAsync(id)).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"job {id} never logged '{text}'");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
