using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Gantry.Core.Api;
using Gantry.Core.Api.Cost;
using Gantry.Core.Api.Data;
using Gantry.Core.Jobs;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

/// <summary>
/// Hybrid pools end to end with real processes: this machine's "local" pool (on-premises, one declared GPU at $1 per
/// GPU-hour) and a second local-kind pool "cloud" (location cloud, four declared GPUs at $4). Residency keeps
/// restricted inputs on-premises; burst sends a job to the cloud when its wait on-premises is over the threshold.
/// </summary>
public sealed class HybridTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _work = null!;

    public async ValueTask InitializeAsync()
    {
        var config = TestServer.DefaultConfig(gpus: 1);
        config["Pools:cloud:Kind"] = "local";
        config["Pools:cloud:Location"] = "cloud";
        config["Pools:cloud:Region"] = "eu-west-1";
        config["Pools:cloud:Local:NodeName"] = "cloudnode";
        config["Pools:cloud:Local:DeclaredAccelerators:0:Model"] = "Cloud GPU 80GB";
        config["Pools:cloud:Local:DeclaredAccelerators:0:Count"] = "4";
        config["Pools:cloud:Local:DeclaredAccelerators:0:MemoryBytes"] = (80L << 30).ToString(CultureInfo.InvariantCulture);
        config["Pools:cloud:Local:DeclaredAccelerators:0:Vendor"] = "nvidia";
        config["Cost:Pools:local:GpuUsdPerHour"] = "1";
        config["Cost:Pools:cloud:Kind"] = "cloud";
        config["Cost:Pools:cloud:GpuUsdPerHour"] = "4";
        config["Scheduler:BurstAfter"] = "00:00:01";
        _server = await TestServer.StartAsync(config);
        _work = Directory.CreateTempSubdirectory("gantry-hybrid-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.Join(_server.DataDir, "jobs"), "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task RestrictedInputs_AreRefused_WhenNoOnPremPoolCanEverFitThem_AndNothingIsStored()
    {
        await PushAsync("ward", DataClass.Restricted);
        var before = await JobCountAsync();

        var tooBig = await SubmitProblemAsync(WithInput(TestServer.Shell("true", gpus: 4), "ward") with { Burst = true });
        var named = await SubmitProblemAsync(WithInput(TestServer.Shell("true", gpus: 1), "ward") with { Pool = "cloud" });

        Assert.Contains("inputs of class restricted may only be read in on-prem pools, and no on-prem pool can ever fit 4 GPUs", tooBig);
        Assert.Contains("inputs of class restricted may only be read in on-prem pools; pool 'cloud' is cloud", named);
        Assert.Equal(before, await JobCountAsync());
        var audit = await _server.Admin.GetFromJsonAsync<Page<AuditEntryView>>("/api/v1/audit?action=job.submit", Gantry.Core.GantryJson.Options, Ct);
        Assert.Contains(audit!.Items, a => a.Outcome == "unfittable" && a.Detail!.Contains("restricted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestrictedInputs_RunOnPremises_AndNeverBurst()
    {
        await PushAsync("ward", DataClass.Restricted);
        var restricted = (await _server.Admin.SubmitAsync(WithInput(TestServer.Shell("cat data/hello.txt", gpus: 1), "ward") with { Burst = true, TimeLimit = "10m" })).JobIds[0];
        var done = await _server.Admin.WaitAsync(restricted);
        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Reason}");
        Assert.Equal("testnode", done.Node);
        Assert.Null(done.Burst);

        // With the on-premises GPU held for an hour, the restricted job waits rather than burst; a public one bursts.
        var blocker = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 1) with { TimeLimit = "1h" })).JobIds[0];
        await _server.Admin.WaitForAsync(blocker, j => j.State == JobState.Running);
        var waiting = (await _server.Admin.SubmitAsync(WithInput(TestServer.Shell("true", gpus: 1), "ward") with { Burst = true, TimeLimit = "10m" })).JobIds[0];
        var publicJob = (await _server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 1) with { Burst = true, TimeLimit = "10m" })).JobIds[0];

        var burst = await _server.Admin.WaitAsync(publicJob);
        Assert.Equal("cloudnode", burst.Node);
        var explain = await ExplainWhenDecidedAsync(waiting);
        Assert.Equal(JobState.Queued, explain.State);
        Assert.Null(explain.Burst);
        Assert.Equal(JobState.Queued, (await _server.Admin.GetJobAsync(waiting)).State);
    }

    [Fact]
    public async Task BurstJob_RunsInTheCloud_WhenItsWaitOnPremIsOverTheThreshold_WithItsExtraCostShownBeforeAndRecordedAfter()
    {
        var blocker = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 1) with { TimeLimit = "1h" })).JobIds[0];
        Assert.Equal("testnode", (await _server.Admin.WaitForAsync(blocker, j => j.State == JobState.Running)).Node);

        var submitted = await _server.Admin.SubmitAsync(TestServer.Shell("echo burst ran on $GANTRY_NODE", gpus: 1, name: "bursty") with { Burst = true, TimeLimit = "30m" });

        // Before: (4 − 1) $/GPU-hour × 1 GPU × 0.5 h.
        var before = submitted.Burst!;
        Assert.Equal("cloud", before.Pool);
        Assert.Equal(3, before.ExtraUsdPerHour, 6);
        Assert.Equal(1.5, before.ExtraUsd!.Value, 6);
        Assert.Contains("exceeds 1s", before.Summary, StringComparison.Ordinal);
        var job = await _server.Admin.WaitAsync(submitted.JobIds[0]);
        Assert.True(job.State == JobState.Succeeded, $"{job.State}: {job.Reason}");
        Assert.Equal("cloudnode", job.Node);
        Assert.Contains("burst ran on cloudnode", await _server.Admin.LogAsync(job.Id), StringComparison.Ordinal);

        // After: on the job, in explain, in the audit trail and in the cost report.
        var recorded = job.Burst!;
        Assert.True(recorded.Happened);
        Assert.Equal("cloud", recorded.Pool);
        Assert.Equal(1.5, recorded.ExtraUsd!.Value, 6);
        Assert.True(recorded.HomeWaitSeconds > 3000, $"estimated wait {recorded.HomeWaitSeconds}");
        var explain = await _server.Admin.GetFromJsonAsync<ExplainView>($"/api/v1/jobs/{job.Id}/explain", Gantry.Core.GantryJson.Options, Ct);
        Assert.Contains("burst to cloud pool 'cloud'", explain!.Summary, StringComparison.Ordinal);
        var audit = await _server.Admin.GetFromJsonAsync<Page<AuditEntryView>>("/api/v1/audit?action=job.burst", Gantry.Core.GantryJson.Options, Ct);
        var entry = Assert.Single(audit!.Items);
        Assert.Equal($"job/{job.Id}", entry.Target);
        Assert.Contains("to pool cloud", entry.Detail, StringComparison.Ordinal);
        var report = await _server.Admin.GetFromJsonAsync<CostReport>("/api/v1/cost/report?by=job", Gantry.Core.GantryJson.Options, Ct);
        var row = Assert.Single(report!.Bursts);
        Assert.Equal(job.Id, row.JobId);
        Assert.Equal("cloud", row.Pool);
        Assert.Equal(3, row.ExtraCostPerHour, 6);
        Assert.Contains(report.Notes, n => n.Contains("burst to cloud pools", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AJobThatOnlyFitsTheCloud_IsRefused_UnlessItAllowsBurst()
    {
        var refused = await SubmitProblemAsync(TestServer.Shell("true", gpus: 4));

        Assert.Contains("no on-prem pool can ever fit 4 GPUs; set burst: true", refused);
        var allowed = await _server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 4) with { Burst = true, TimeLimit = "10m" });
        var job = await _server.Admin.WaitAsync(allowed.JobIds[0]);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("cloudnode", job.Node);
        Assert.Null(job.Burst!.HomeWaitSeconds);
    }

    private static JobSpec WithInput(JobSpec spec, string dataset) =>
        spec with { Inputs = [new DataInputSpec { Dataset = dataset, Path = "data" }] };

    private async Task PushAsync(string name, DataClass cls)
    {
        using var client = ApiClient(_server);
        await client.CreateDatasetAsync(new CreateDatasetRequest(name, Class: cls), Ct);
        var tree = Path.Join(_work, name);
        Directory.CreateDirectory(tree);
        await File.WriteAllTextAsync(Path.Join(tree, "hello.txt"), "hello gantry", Ct);
        await Transfer(client).PushAsync(name, tree, Ct);
    }

    private async Task<string> SubmitProblemAsync(JobSpec spec) =>
        await (await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(spec), Ct)).ProblemAsync((HttpStatusCode)422);

    private async Task<int> JobCountAsync() =>
        (await _server.Admin.GetFromJsonAsync<Page<JobView>>("/api/v1/jobs?limit=500", Gantry.Core.GantryJson.Options, Ct))!.Items.Count;

    // Waits (with a deadline) until a scheduling cycle has placed the job in the queue's order.
    private async Task<ExplainView> ExplainWhenDecidedAsync(long id)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = await _server.Admin.GetFromJsonAsync<ExplainView>($"/api/v1/jobs/{id}/explain", Gantry.Core.GantryJson.Options, deadline.Token);
            if (view!.Position is not null)
                return view;
            await Task.Delay(50, deadline.Token);
        }
    }
}
