using System.Globalization;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>A Gantry job array on the localhost Slurm: one Slurm array job (<c>sbatch --array</c>), each element still its own Gantry job.</summary>
public sealed class SlurmArrayTests : SlurmServerTest
{
    // Each element waits for its go file (under its output directory); SIGTERM makes it say so and exit 9.
    private const string WaitForGo = "trap 'echo got-term; exit 9' TERM; echo index=$GANTRY_ARRAY_INDEX slurm=$GANTRY_SLURM_JOB_ID; while [ ! -f \"$GANTRY_OUTPUT/go\" ]; do sleep 0.1; done";

    private static JobSpec Array(string script, string indices) => TestServer.Shell(script) with { Pool = SlurmSupport.Pool, Array = indices };

    [Fact]
    public async Task Array_IsSubmittedAsOneSlurmArrayJob_AndEveryElementSucceedsWithItsIndex()
    {
        var submitted = await Server.Admin.SubmitAsync(Array("echo index=$GANTRY_ARRAY_INDEX job=$GANTRY_JOB_ID slurm=$GANTRY_SLURM_JOB_ID", "0-5"));
        var jobs = new List<Core.Api.JobView>();
        foreach (var id in submitted.JobIds)
            jobs.Add(await Server.Admin.WaitAsync(id));

        var tasks = SlurmTasks(submitted.ArrayId!.Value);
        var arrayJob = Assert.Single(tasks.Select(t => t.ArrayJob).Distinct());
        Assert.Equal(["0", "1", "2", "3", "4", "5"], tasks.Select(t => t.Task).Order());
        for (var i = 0; i < jobs.Count; i++)
        {
            Assert.Equal(JobState.Succeeded, jobs[i].State);
            Assert.Equal(i, jobs[i].ArrayIndex);
            Assert.Equal($"index={i} job={jobs[i].Id} slurm={arrayJob}_{i}", (await Server.Admin.LogAsync(jobs[i].Id)).Trim());
        }
    }

    [Fact]
    public async Task CancellingOneElement_StopsOnlyThatSlurmTask()
    {
        var submitted = await Server.Admin.SubmitAsync(Array(WaitForGo, "0-2"));
        var ids = submitted.JobIds;
        var victim = ids[0];
        await Server.Admin.WaitForAsync(victim, j => j.State == JobState.Running);
        await WaitForLogAsync(victim, "index=0");

        (await Server.Admin.PostAsync($"/api/v1/jobs/{victim}/cancel", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var cancelled = await Server.Admin.WaitAsync(victim);
        foreach (var id in ids.Where(id => id != victim))
            Assert.Equal(JobState.Running, (await Server.Admin.GetJobAsync(id)).State);
        foreach (var id in ids.Where(id => id != victim))
            await File.WriteAllTextAsync(Path.Combine(OutputOf(id), "go"), "", TestContext.Current.CancellationToken);

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Contains("got-term", await Server.Admin.LogAsync(victim));
        foreach (var id in ids.Where(id => id != victim))
        {
            Assert.Equal(JobState.Succeeded, (await Server.Admin.WaitAsync(id)).State);
            Assert.DoesNotContain("got-term", await Server.Admin.LogAsync(id));
        }

        Assert.Single(SlurmTasks(submitted.ArrayId!.Value).Select(t => t.ArrayJob).Distinct());
    }

    [Fact]
    public async Task RunningArrayElements_SurviveAServerRestart_AndAreReattached()
    {
        var submitted = await Server.Admin.SubmitAsync(Array(WaitForGo + "; exit $GANTRY_ARRAY_INDEX", "0-1"));
        foreach (var id in submitted.JobIds)
        {
            await Server.Admin.WaitForAsync(id, j => j.State == JobState.Running);
            await WaitForLogAsync(id, "index=");
        }

        await Server.RestartAsync(SlurmSupport.Config(Prefix));
        foreach (var id in submitted.JobIds)
        {
            var job = await Server.Admin.GetJobAsync(id);
            Assert.True(job.State == JobState.Running, $"job {id} is {job.State} after the restart: {job.Reason}");
            await File.WriteAllTextAsync(Path.Combine(OutputOf(id), "go"), "", TestContext.Current.CancellationToken);
        }

        Assert.Equal(JobState.Succeeded, (await Server.Admin.WaitAsync(submitted.JobIds[0])).State);
        var second = await Server.Admin.WaitAsync(submitted.JobIds[1]);
        Assert.Equal(JobState.Failed, second.State);
        Assert.Equal(1, second.ExitCode);
    }

    /// <summary>The array job's tasks that Slurm remembers, by the name Gantry gives it (PREFIX-ARRAYID).</summary>
    private (string ArrayJob, string Task)[] SlurmTasks(long arrayId)
    {
        var result = SlurmSupport.Run("squeue", "-h", "-r", "-t", "all", "-n", $"{Prefix}-{arrayId.ToString(CultureInfo.InvariantCulture)}", "-o", "%F|%K");
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Select(parts => (parts[0], parts[1]))
            .ToArray();
    }

    private string OutputOf(long id) => Path.Combine(Server.DataDir, "jobs", id.ToString(CultureInfo.InvariantCulture), "output");

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
