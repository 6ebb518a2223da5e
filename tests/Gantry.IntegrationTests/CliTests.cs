using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>The `gantry` CLI against a real server, run in-process through CliApp.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _workDir = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _workDir = Directory.CreateTempSubdirectory("gantry-cli-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task SubmitWaitLogs_ThroughTheCli()
    {
        var submit = await RunAsync("job", "submit", "--name", "cli", "--cpus", "0.1", "--memory", "64Mi", "--", "sh", "-c", "echo from-cli $GANTRY_JOB_ID");
        Assert.Equal(0, submit.ExitCode);
        var id = long.Parse(submit.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var wait = await RunAsync("job", "wait", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var logs = await RunAsync("job", "logs", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var get = await RunAsync("job", "get", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        var list = await RunAsync("job", "ls");

        Assert.Equal(0, wait.ExitCode);
        Assert.Equal($"from-cli {id}\n", logs.Output);
        var job = JsonSerializer.Deserialize<JobView>(get.Output, GantryJson.Options)!;
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(0.1, job.Resources.Cpus);
        Assert.Contains("cli", list.Output);
        Assert.Contains("succeeded", list.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wait_ExitsNonZero_WhenTheJobFails()
    {
        var submit = await RunAsync("job", "submit", "--cpus", "0.1", "--memory", "64Mi", "--wait", "--", "sh", "-c", "exit 9");

        Assert.NotEqual(0, submit.ExitCode);
        Assert.Contains("failed", submit.Output + submit.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Submit_FromYaml_WithFlagOverride()
    {
        var file = Path.Combine(_workDir, "job.yaml");
        await File.WriteAllTextAsync(file, "name: from-file\ncommand: echo yaml\nresources:\n  cpus: 0.1\n  memory: 64Mi\n", TestContext.Current.CancellationToken);

        var submit = await RunAsync("job", "submit", "-f", file, "--name", "overridden", "--json");

        Assert.Equal(0, submit.ExitCode);
        var response = JsonSerializer.Deserialize<SubmitResponse>(submit.Output, GantryJson.Options)!;
        var job = await _server.Admin.WaitAsync(response.JobIds[0]);
        Assert.Equal("overridden", job.Name);
        Assert.Equal(JobState.Succeeded, job.State);
    }

    [Fact]
    public async Task ServerErrors_AreShownAsTheProblemDetail_WithExitCode1()
    {
        var submit = await RunAsync("job", "submit", "--gpus", "8", "--", "true");
        var missing = await RunAsync("job", "get", "424242");

        Assert.Equal(1, submit.ExitCode);
        Assert.Contains("no pool can ever run this job", submit.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("job 424242 not found", missing.Error);
    }

    [Fact]
    public async Task Usage_UsersTokensAudit_ThroughTheCli()
    {
        Assert.Equal(0, (await RunAsync("project", "create", "nlp")).ExitCode);
        Assert.Equal(0, (await RunAsync("user", "create", "dana", "--project", "nlp", "--role", "viewer")).ExitCode);
        var token = await RunAsync("token", "create", "--user", "dana");
        Assert.Equal(0, token.ExitCode);
        var secret = token.Output.Trim();

        var whoami = await RunAsync(["whoami", "--json"], secret);
        var denied = await RunAsync(["job", "submit", "--project", "nlp", "--", "true"], secret);
        var users = await RunAsync("user", "ls");
        var audit = await RunAsync("audit", "ls", "--action", "user.create", "--json");
        var verify = await RunAsync("audit", "verify");
        var nodes = await RunAsync("nodes");
        var gpus = await RunAsync("gpus", "--json");

        Assert.Equal("dana", JsonSerializer.Deserialize<WhoAmI>(whoami.Output, GantryJson.Options)!.User);
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("you are a viewer", denied.Error);
        Assert.Contains("dana", users.Output);
        Assert.Contains("user/dana", audit.Output);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("testnode", nodes.Output);
        Assert.Equal(2, JsonSerializer.Deserialize<GpuView[]>(gpus.Output, GantryJson.Options)!.Length);
    }

    [Fact]
    public async Task QueueExplainAndQuota_ThroughTheCli()
    {
        Assert.Equal(0, (await RunAsync("project", "create", "small")).ExitCode);
        var quota = await RunAsync("project", "quota", "small", "--gpus", "1");
        var running = await RunAsync("job", "submit", "--project", "small", "--gpus", "1", "--cpus", "0.1", "--memory", "64Mi", "--", "sleep", "600");
        var waiting = await RunAsync("job", "submit", "--project", "small", "--gpus", "1", "--cpus", "0.1", "--memory", "64Mi", "--", "true");
        var waitingId = long.Parse(waiting.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await _server.Admin.WaitForAsync(waitingId, j => j.Reason is not null);

        var queue = await RunAsync("queue");
        var explain = await RunAsync("job", "explain", waitingId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains("guaranteed 1 GPUs", quota.Output);
        Assert.Equal(0, running.ExitCode);
        Assert.Contains("quota limit", queue.Output);
        Assert.Contains($"Job {waitingId} is waiting", explain.Output);
        Assert.Contains("project 'small'", explain.Output);
    }

    [Fact]
    public async Task Sim_ReplaysTheOpenbTrace_InVirtualTime()
    {
        var traces = Path.Combine(Requirements.RepositoryRoot(), "..", "shared", "data", "traces", "alibaba-openb");
        Assert.SkipUnless(Directory.Exists(traces), "needs the openb trace in ../shared/data/traces/alibaba-openb");

        var run = await RunAsync("sim", "--nodes", Path.Combine(traces, "openb_node_list_gpu_node.csv"),
            "--pods", Path.Combine(traces, "openb_pod_list_default.csv"), "--policy", "gantry", "--mode", "inflation", "--json");
        var bad = await RunAsync("sim", "--nodes", Path.Combine(traces, "openb_node_list_gpu_node.csv"),
            "--pods", Path.Combine(traces, "openb_pod_list_default.csv"), "--policy", "magic");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        Assert.Equal(6212, doc.RootElement.GetProperty("gpus_total").GetInt32());
        Assert.True(doc.RootElement.GetProperty("gpu_alloc_ratio").GetDouble() > 0.9);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("magic", bad.Error);
    }

    private Task<CliRun> RunAsync(params string[] args) => RunAsync(args, _server.AdminToken);

    private Task<CliRun> RunAsync(string[] args, string token) => CliRun.RunAsync(_server, _workDir, token, args);

}
