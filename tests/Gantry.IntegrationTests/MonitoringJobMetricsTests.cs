using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Api.Monitoring;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>Jobs report their own metrics through $GANTRY_METRICS or the API; usage is always recorded.</summary>
public sealed class MonitoringJobMetricsTests
{
    [Fact]
    public async Task MetricsFile_IsRead_BadLinesSkipped_AndTheLastLineTakenWhenTheJobEnds()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        const string script = """
            test -n "$GANTRY_METRICS" || exit 7
            printf '{"step": 1, "loss": 0.9, "accuracy": 0.5}\n' >> "$GANTRY_METRICS"
            printf 'this is not json\n{"step": 2, "loss": 0.5, "accuracy": 0.75}\n{"step": "x"}\n' >> "$GANTRY_METRICS"
            printf '{"step": 3, "loss": 0.25, "accuracy": 0.875}' >> "$GANTRY_METRICS"
            """;

        var id = (await server.Admin.SubmitAsync(TestServer.Shell(script))).JobIds[0];
        var job = await server.Admin.WaitAsync(id);
        var view = await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<JobMetricsView>($"/api/v1/jobs/{id}/metrics"),
            v => v.Series.Count == 2 && v.Series[1].Points.Count == 3,
            "three loss and accuracy points");
        var lossOnly = await server.Admin.GetFromJsonAsync<JobMetricsView>($"/api/v1/jobs/{id}/metrics?key=loss&limit=2");

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(["accuracy", "loss"], view.Series.Select(s => s.Key));
        Assert.Equal([1L, 2L, 3L], view.Series[1].Points.Select(p => p.Step!.Value));
        Assert.Equal([0.9, 0.5, 0.25], view.Series[1].Points.Select(p => p.Value));
        Assert.Equal(2, view.SkippedLines);
        Assert.Equal(6, view.Points);
        Assert.Equal(1, view.Usage.Attempts);
        Assert.False(view.Usage.Running);
        Assert.True(view.Usage.RunSeconds >= 0 && view.Usage.QueueSeconds >= 0);
        Assert.Equal([0.5, 0.25], Assert.Single(lossOnly.Series).Points.Select(p => p.Value));
    }

    [Fact]
    public async Task MetricsFile_OfARunningJob_IsFollowed()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var stop = Path.Combine(server.DataDir, "stop");
        var script = $$"""
            printf '{"step": 1, "samples_per_second": 1200}\n' >> "$GANTRY_METRICS"
            while [ ! -e '{{stop}}' ]; do sleep 0.05; done
            """;

        var id = (await server.Admin.SubmitAsync(TestServer.Shell(script))).JobIds[0];
        var running = await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<JobMetricsView>($"/api/v1/jobs/{id}/metrics"),
            v => v.Series.Count == 1,
            "the first line while the job runs");
        var state = (await server.Admin.GetJobAsync(id)).State;
        await File.WriteAllTextAsync(stop, "", TestContext.Current.CancellationToken);
        await server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Running, state);
        Assert.True(running.Usage.Running);
        Assert.Equal(1200, Assert.Single(running.Series[0].Points).Value);
    }

    [Fact]
    public async Task ReportThroughTheApi_NeedsTheMemberRole()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        using var member = await server.UserAsync("mia", "nlp", Role.Member);
        using var viewer = await server.UserAsync("vic", "nlp", Role.Viewer);
        using var outsider = await server.UserAsync("oz", "vision", Role.Member);
        var id = (await member.SubmitAsync(TestServer.Shell("true", project: "nlp"))).JobIds[0];
        await member.WaitAsync(id);
        const string body = """[{"step": 10, "eval_loss": 0.4}, {"step": 20, "eval_loss": 0.3, "eval_f1": 0.8}, "oops"]""";

        var reported = await member.PostAsync($"/api/v1/jobs/{id}/metrics", TestServer.RawJson(body), TestContext.Current.CancellationToken);
        var single = await member.PostAsync($"/api/v1/jobs/{id}/metrics", TestServer.RawJson("""{"step": 30, "eval_loss": 0.2}"""), TestContext.Current.CancellationToken);
        var denied = await viewer.PostAsync($"/api/v1/jobs/{id}/metrics", TestServer.RawJson(body), TestContext.Current.CancellationToken);
        var hidden = await outsider.PostAsync($"/api/v1/jobs/{id}/metrics", TestServer.RawJson(body), TestContext.Current.CancellationToken);
        var invalid = await member.PostAsync($"/api/v1/jobs/{id}/metrics", TestServer.RawJson("42"), TestContext.Current.CancellationToken);
        var view = await viewer.GetFromJsonAsync<JobMetricsView>($"/api/v1/jobs/{id}/metrics?key=eval_loss");
        var audit = await server.Admin.GetStringAsync("/api/v1/audit?action=job.metrics", TestContext.Current.CancellationToken);

        Assert.Equal(new JobMetricsReport(3, 1), await reported.ReadAsync<JobMetricsReport>());
        Assert.Equal(new JobMetricsReport(1, 0), await single.ReadAsync<JobMetricsReport>());
        Assert.Contains("needs the member role", await denied.ProblemAsync(HttpStatusCode.Forbidden));
        Assert.Contains("not found", await hidden.ProblemAsync(HttpStatusCode.NotFound));
        await invalid.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([0.4, 0.3, 0.2], Assert.Single(view.Series).Points.Select(p => p.Value));
        Assert.Contains("mia", audit);
        Assert.Contains("denied", audit);
    }

    [Fact]
    public async Task GpuJob_RecordsQueueTimeRunTimeAndGpuHours()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var id = (await server.Admin.SubmitAsync(TestServer.Shell("sleep 0.3", gpus: 2))).JobIds[0];
        await server.Admin.WaitAsync(id);

        var view = await server.Admin.GetFromJsonAsync<JobMetricsView>($"/api/v1/jobs/{id}/metrics");

        Assert.Empty(view.Series);
        Assert.Equal(1, view.Usage.Attempts);
        Assert.True(view.Usage.RunSeconds >= 0.3, $"ran {view.Usage.RunSeconds} s");
        Assert.Equal(view.Usage.RunSeconds * 2 / 3600, view.Usage.GpuHours, 9);
    }

    [Fact]
    public async Task DigitsExample_ReportsLossAndAccuracyPerEpoch()
    {
        Requirements.Require(Requirements.PythonHas("torch", "sklearn", "onnx"),
            "needs PyTorch, scikit-learn and ONNX for /usr/bin/python3: apt-get install python3-torch python3-sklearn python3-onnx");
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var spec = new JobSpec
        {
            Name = "digits-metrics",
            Command = ["/usr/bin/python3", Path.Combine(Requirements.RepositoryRoot(), "examples", "pytorch-digits", "train.py"), "--epochs", "4", "--min-accuracy", "0"],
            Resources = new ResourceSpec { Cpus = 1, Memory = "2Gi" },
            TimeLimit = "10m",
        };

        var id = (await server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await server.Admin.WaitAsync(id);
        var view = await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<JobMetricsView>($"/api/v1/jobs/{id}/metrics"),
            v => v.Series.Any(s => s.Key == "accuracy" && s.Points.Count == 4),
            "four epochs of accuracy");

        Assert.Equal(JobState.Succeeded, job.State);
        var loss = view.Series.Single(s => s.Key == "loss").Points;
        Assert.Equal(4, loss.Count);
        Assert.True(loss[^1].Value < loss[0].Value, "the loss falls while it trains");
        Assert.Equal([1.0, 2.0, 3.0, 4.0], view.Series.Single(s => s.Key == "epoch").Points.Select(p => p.Value));
        Assert.Equal(0, view.SkippedLines);
    }
}
