using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Tests;

public sealed class RenderingTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task JobLs_PrintsAPlainTable_WithAgesDurationsAndExitCodes()
    {
        _cli.Server.OnJson("GET", "/api/v1/jobs", new Page<JobView>(
            [Make.Job(3, JobState.Running), Make.Job(2, JobState.Failed, exitCode: 137), Make.Job(1)],
            null));

        var run = await _cli.RunAsync("job", "ls");

        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run.Output);
        Assert.Equal(["ID", "NAME", "PROJECT", "USER", "STATE", "GPUS", "NODE", "AGE", "DURATION", "EXIT"], Cells(lines[0]));
        Assert.Equal(["3", "train", "ml", "alice", "running", "2:a100", "gpu-01", "1h30m", "1h15m", "-"], Cells(lines[1]));
        Assert.Equal(["2", "train", "ml", "alice", "failed", "2:a100", "gpu-01", "1h30m", "1h5m", "137"], Cells(lines[2]));
        Assert.Equal(["1", "train", "ml", "alice", "queued", "2:a100", "-", "1h30m", "-", "-"], Cells(lines[3]));
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.DoesNotContain(" \n", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task JobLs_SendsTheFilters_AndHintsWhenThereIsMore()
    {
        _cli.Server.OnJson("GET", "/api/v1/jobs", new Page<JobView>([Make.Job(1)], "c2"));

        var run = await _cli.RunAsync("job", "ls", "--project", "ml", "--state", "Running", "--user", "alice", "--limit", "1");

        Assert.Equal(0, run.ExitCode);
        var request = Assert.Single(_cli.Server.Requests);
        Assert.Equal("ml", request.QueryValue("project"));
        Assert.Equal("running", request.QueryValue("state"));
        Assert.Equal("alice", request.QueryValue("user"));
        Assert.Equal("1", request.QueryValue("limit"));
        Assert.Contains("--all", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobLs_All_FollowsTheCursor()
    {
        _cli.Server.On("GET", "/api/v1/jobs", r => r.QueryValue("cursor") is null
            ? FakeServer.Json(new Page<JobView>([Make.Job(2)], "next"))
            : FakeServer.Json(new Page<JobView>([Make.Job(1)], null)));

        var run = await _cli.RunAsync("job", "ls", "--all", "--json");

        Assert.Equal(0, run.ExitCode);
        var jobs = JsonSerializer.Deserialize<List<JobView>>(run.Output, GantryJson.Options)!;
        Assert.Equal([2L, 1L], jobs.Select(j => j.Id));
        Assert.Equal("next", _cli.Server.Requests[1].QueryValue("cursor"));
    }

    [Fact]
    public async Task JobLs_UnknownState_IsAUsageError()
    {
        var run = await _cli.RunAsync("job", "ls", "--state", "sleeping");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("queued, running, succeeded, failed, cancelled, preempted", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobGet_Json_IsTheApisJobView()
    {
        var job = Make.Job(7, JobState.Succeeded, exitCode: 0);
        _cli.Server.OnJson("GET", "/api/v1/jobs/7", job);

        var run = await _cli.RunAsync("job", "get", "7", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"submitted_at\":", run.Output, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<JobView>(run.Output, GantryJson.Options)!;
        Assert.Equal(job with { Command = back.Command, Gpus = back.Gpus, Env = back.Env }, back);
        Assert.Equal(job.Command, back.Command);
    }

    [Fact]
    public async Task JobGet_ShowsFieldsForPeople_WithACopyableCommand()
    {
        var job = Make.Job(7, JobState.Failed, exitCode: 1, reason: "out of memory") with { Command = ["sh", "-c", "echo 'hi there'"] };
        _cli.Server.OnJson("GET", "/api/v1/jobs/7", job);

        var run = await _cli.RunAsync("job", "get", "7");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("State:", run.Output, StringComparison.Ordinal);
        Assert.Contains("Reason:       out of memory", run.Output, StringComparison.Ordinal);
        Assert.Contains("sh -c 'echo '\\''hi there'\\'''", run.Output, StringComparison.Ordinal);
        Assert.Contains("2:a100 GPUs, 8 CPUs, 32Gi memory", run.Output, StringComparison.Ordinal);
        Assert.Contains("SEED=1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobGet_NotANumber_IsAUsageError_InWordsNotDotNetTypes()
    {
        var run = await _cli.RunAsync("job", "get", "abc");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: 'abc' is not a whole number\nRun 'gantry job get --help' for usage.", run.Error.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Nodes_And_Gpus_PrintTables()
    {
        _cli.Server.OnJson("GET", "/api/v1/nodes", new[] { new NodeView("gpu-01", "default", "local", 32, 8.5, 256L << 30, 64L << 30, 8, 2, ["nvml"]) });
        _cli.Server.OnJson("GET", "/api/v1/gpus", new[] { new GpuView("gpu-01", 0, "nvidia", "GPU-abc", "H100", 80L << 30, "0000:01:00.0", true, 12, null) });

        var nodes = await _cli.RunAsync("nodes");
        var gpus = await _cli.RunAsync("gpus");

        Assert.Equal(["gpu-01", "default", "local", "8.5/32", "64", "GiB/256", "GiB", "2/8", "nvml"], Cells(Lines(nodes.Output)[1]));
        Assert.Equal(["gpu-01", "0", "nvidia", "H100", "80", "GiB", "GPU-abc", "0000:01:00.0", "12"], Cells(Lines(gpus.Output)[1]));
    }

    [Fact]
    public async Task AuditVerify_BrokenChain_ExitsOne_AndNamesTheFirstBrokenEntry()
    {
        _cli.Server.OnJson("GET", "/api/v1/audit/verify", new AuditVerifyResult(false, 100, 42, "hash does not match"));

        var run = await _cli.RunAsync("audit", "verify");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: audit chain broken at entry 42: hash does not match", run.Error.Trim());
    }

    [Fact]
    public async Task AuditVerify_IntactChain_ExitsZero()
    {
        _cli.Server.OnJson("GET", "/api/v1/audit/verify", new AuditVerifyResult(true, 100, null, null));

        var run = await _cli.RunAsync("audit", "verify");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("100 entries", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLs_PassesSinceThrough()
    {
        _cli.Server.OnJson("GET", "/api/v1/audit", new Page<AuditEntryView>(
            [new AuditEntryView(5, CliHarness.Start, "admin", "job.submit", "job/12", "ok", null, "ab12")], null));

        var run = await _cli.RunAsync("audit", "ls", "--since", "24h", "--actor", "admin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("24h", _cli.Server.Requests[0].QueryValue("since"));
        Assert.Equal(["5", "2026-03-01", "12:00:00Z", "admin", "job.submit", "job/12", "ok"], Cells(Lines(run.Output)[1]));
    }

    [Fact]
    public async Task TokenCreate_PrintsTheSecretAlone_AndWarnsOnStderr()
    {
        _cli.Server.OnJson("POST", "/api/v1/tokens", new TokenCreated(4, "ci", "bob", "gty_secret", null), System.Net.HttpStatusCode.Created);

        var run = await _cli.RunAsync("token", "create", "--user", "bob", "--name", "ci", "--expires", "30d");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("gty_secret", run.Output.Trim());
        Assert.Contains("only time", run.Error, StringComparison.Ordinal);
        var sent = _cli.Server.Requests[0].BodyAs<CreateTokenRequest>();
        Assert.Equal(new CreateTokenRequest("ci", "bob", "30d"), sent);
    }

    [Fact]
    public async Task UserCreate_WithProject_DefaultsToMember_AndRoleNeedsProject()
    {
        _cli.Server.OnJson("POST", "/api/v1/users", new UserView("carol", false, CliHarness.Start, []), System.Net.HttpStatusCode.Created);

        var ok = await _cli.RunAsync("user", "create", "carol", "--project", "ml");
        var bad = await _cli.RunAsync("user", "create", "carol", "--role", "admin");

        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(new CreateUserRequest("carol", null, "ml", Role.Member), _cli.Server.Requests[0].BodyAs<CreateUserRequest>());
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task ProjectAddMember_PutsTheRole()
    {
        _cli.Server.OnJson("PUT", "/api/v1/projects/ml/members/carol", new MembershipView("ml", Role.Viewer));

        var run = await _cli.RunAsync("project", "add-member", "ml", "carol", "--role", "viewer");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new SetMemberRequest(Role.Viewer), _cli.Server.Requests[0].BodyAs<SetMemberRequest>());
        Assert.Equal("carol is now viewer in ml", run.Output.Trim());
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError()
    {
        var run = await _cli.RunAsync("jobs", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZero_AndListsTheVerbs()
    {
        var run = await _cli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "server", "login", "job", "nodes", "gpus", "user", "project", "token", "audit" })
            Assert.Contains(verb, run.Output, StringComparison.Ordinal);
    }
}
