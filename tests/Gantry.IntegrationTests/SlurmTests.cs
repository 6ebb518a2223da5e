using System.Globalization;
using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>Real jobs through Gantry on the localhost Slurm: placement, GRES GPUs, exit codes, logs, limits, cancel, quotas, restart.</summary>
public sealed class SlurmTests : SlurmServerTest
{
    private static JobSpec OnSlurm(string script, int gpus = 0, string? project = null) =>
        TestServer.Shell(script, gpus, project: project) with { Pool = SlurmSupport.Pool };

    [Fact]
    public async Task Job_RunsThroughSbatch_OnTheNodeGantryPlaced_WithItsLogs()
    {
        var id = (await Server.Admin.SubmitAsync(OnSlurm("echo hello from $SLURM_JOB_ID on $GANTRY_NODE; echo to-stderr >&2"))).JobIds[0];
        var job = await Server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("localhost", job.Node);
        var slurm = Assert.Single(SlurmSupport.SlurmJobs(Prefix, id));
        var slurmId = slurm.Split('|')[0];
        Assert.Equal("COMPLETED", slurm.Split('|')[1]);
        Assert.Contains($"hello from {slurmId} on localhost", await Server.Admin.LogAsync(id));
        Assert.Contains("to-stderr", await Server.Admin.LogAsync(id, "stderr"));
    }

    [Fact]
    public async Task FailingJob_ReportsItsExitCode()
    {
        var id = (await Server.Admin.SubmitAsync(OnSlurm("echo failing; exit 3"))).JobIds[0];
        var job = await Server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(3, job.ExitCode);
        Assert.Contains("exit code 3", job.Reason);
    }

    [Fact]
    public async Task GpuJob_GetsGresGpus_AndSeesThemInCudaVisibleDevices()
    {
        var id = (await Server.Admin.SubmitAsync(OnSlurm("echo cuda=$CUDA_VISIBLE_DEVICES slurm=$SLURM_JOB_GPUS gantry=$GANTRY_GPUS", gpus: 2))).JobIds[0];
        var job = await Server.Admin.WaitAsync(id);
        var none = (await Server.Admin.SubmitAsync(OnSlurm("echo cuda=[$CUDA_VISIBLE_DEVICES]"))).JobIds[0];
        await Server.Admin.WaitAsync(none);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Gpus.Count);
        var line = (await Server.Admin.LogAsync(id)).Trim();
        var cuda = line.Split(' ')[0]["cuda=".Length..];
        Assert.Equal(2, cuda.Split(',').Length);
        Assert.Contains($"slurm={cuda} gantry={cuda}", line);
        Assert.Contains("cuda=[]", await Server.Admin.LogAsync(none));
    }

    [Fact]
    public async Task GpuJob_RecordsTheGpusSlurmGaveIt_WhileItRuns()
    {
        // GRES takes a count: Slurm picks the GPUs inside the node, and the job's record follows its choice. Work from
        // outside Gantry holds one GPU first, so Slurm's choice cannot be the lowest indices Gantry would record.
        var outsideFile = Path.Combine(Server.DataDir, "outside-gpus");
        var outside = SlurmSupport.Run("sbatch", "--parsable", "-p", "main", "--gres=gpu:1", "--mem=64M", "--cpus-per-task=1", "-J", Prefix + "-outside", "-o", "/dev/null",
            "--wrap", $"echo $SLURM_JOB_GPUS > {outsideFile}.part; mv {outsideFile}.part {outsideFile}; sleep 600");
        Assert.Equal(0, outside.ExitCode);
        try
        {
            var held = await MonitoringSupport.EventuallyAsync(() => Task.FromResult(File.Exists(outsideFile) ? File.ReadAllText(outsideFile).Trim() : ""), t => t.Length > 0, "the outside job to hold a GPU");
            var script = "echo slurm=$SLURM_JOB_GPUS; while [ ! -f \"$GANTRY_OUTPUT/go\" ]; do sleep 0.1; done";
            var id = (await Server.Admin.SubmitAsync(OnSlurm(script, gpus: 2))).JobIds[0];
            var line = await MonitoringSupport.EventuallyAsync(() => Server.Admin.LogAsync(id), l => l.Contains("slurm=", StringComparison.Ordinal), "the job to print its GPUs");
            var slurmGpus = line.Trim()["slurm=".Length..];

            var running = await Server.Admin.WaitForAsync(id, j => string.Join(',', j.Gpus) == slurmGpus);
            await File.WriteAllTextAsync(Path.Combine(Server.DataDir, "jobs", id.ToString(CultureInfo.InvariantCulture), "output", "go"), "", TestContext.Current.CancellationToken);

            Assert.Equal(JobState.Running, running.State);
            Assert.DoesNotContain(int.Parse(held, CultureInfo.InvariantCulture), running.Gpus);
            Assert.Equal(JobState.Succeeded, (await Server.Admin.WaitAsync(id)).State);
        }
        finally
        {
            SlurmSupport.Run("scancel", outside.Stdout.Trim());
        }
    }

    [Fact]
    public async Task TimeLimit_StopsTheSlurmJob_AndSaysWhy()
    {
        var spec = OnSlurm("echo started; sleep 600") with { TimeLimit = "2s" };
        var id = (await Server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await Server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("time limit", job.Reason);
        var slurm = Assert.Single(SlurmSupport.SlurmJobs(Prefix, id));
        Assert.DoesNotContain("RUNNING", slurm);
    }

    [Fact]
    public async Task Cancel_StopsTheSlurmJob_WithScancel()
    {
        var id = (await Server.Admin.SubmitAsync(OnSlurm("trap 'echo got-term; exit 5' TERM; echo waiting; while true; do sleep 0.1; done"))).JobIds[0];
        await Server.Admin.WaitForAsync(id, j => j.State == JobState.Running);
        await WaitForLogAsync(id, "waiting");
        (await Server.Admin.PostAsync($"/api/v1/jobs/{id}/cancel", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var job = await Server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Contains("got-term", await Server.Admin.LogAsync(id));
        var slurm = Assert.Single(SlurmSupport.SlurmJobs(Prefix, id));
        Assert.DoesNotContain("RUNNING", slurm);
    }

    [Fact]
    public async Task JobOverQuota_WaitsInGantry_AndNeverReachesSbatch()
    {
        var admin = Server.Admin;
        (await admin.PostAsync("/api/v1/projects", TestServer.Json(new CreateProjectRequest("capped")), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PutAsync("/api/v1/projects/capped/quota", TestServer.Json(new SetQuotaRequest(new ResourceAmounts(Gpus: 1))), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var first = (await admin.SubmitAsync(OnSlurm("sleep 600", gpus: 1, project: "capped"))).JobIds[0];
        var second = (await admin.SubmitAsync(OnSlurm("echo second ran", gpus: 1, project: "capped"))).JobIds[0];
        await admin.WaitForAsync(first, j => j.State == JobState.Running);
        var held = await admin.WaitForAsync(second, j => j.Reason is not null);

        Assert.Equal(JobState.Queued, held.State);
        Assert.Contains("quota", held.Reason);
        Assert.Single(SlurmSupport.SlurmJobs(Prefix, first));
        Assert.Empty(SlurmSupport.SlurmJobs(Prefix, second));

        await admin.PostAsync($"/api/v1/jobs/{first}/cancel", null, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Succeeded, (await admin.WaitAsync(second)).State);
        Assert.Single(SlurmSupport.SlurmJobs(Prefix, second));
        Assert.Contains("second ran", await admin.LogAsync(second));
    }

    [Fact]
    public async Task RunningSlurmJob_SurvivesAServerRestart_AndIsReattached()
    {
        var spec = OnSlurm("echo started; while [ ! -f \"$GANTRY_OUTPUT/go\" ]; do sleep 0.1; done; echo finished; exit 4");
        var id = (await Server.Admin.SubmitAsync(spec)).JobIds[0];
        await Server.Admin.WaitForAsync(id, j => j.State == JobState.Running);
        await WaitForLogAsync(id, "started");

        await Server.RestartAsync(SlurmSupport.Config(Prefix));
        Assert.Equal(JobState.Running, (await Server.Admin.GetJobAsync(id)).State);
        var output = Path.Combine(Server.DataDir, "jobs", id.ToString(CultureInfo.InvariantCulture), "output");
        await File.WriteAllTextAsync(Path.Combine(output, "go"), "", TestContext.Current.CancellationToken);
        var job = await Server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(4, job.ExitCode);
        Assert.Contains("finished", await Server.Admin.LogAsync(id));
        Assert.Single(SlurmSupport.SlurmJobs(Prefix, id));
    }

    [Fact]
    public async Task SlurmPool_ShowsTheSlurmNode_WithItsGresGpus()
    {
        var nodes = await (await Server.Admin.GetAsync("/api/v1/nodes", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("\"localhost\"", nodes);
        Assert.Contains("\"slurm\"", nodes);
    }

    [Fact]
    public async Task TooManyGpus_IsRefusedAtSubmit_NotSentToSlurm()
    {
        var response = await Server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(OnSlurm("true", gpus: 8)), TestContext.Current.CancellationToken);

        Assert.Contains("no pool can ever run this job", await response.ProblemAsync(HttpStatusCode.UnprocessableEntity));
    }

    private async Task WaitForLogAsync(long id, string text)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!(await Server.Admin.LogAsync(id)).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"job {id} never printed '{text}'");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
