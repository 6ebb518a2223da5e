using System.Globalization;
using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Api.Cost;
using Gantry.Core.Jobs;
using Gantry.Server.Cost;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.IntegrationTests;

/// <summary>Cost reports, budgets, alerts and the hard stop through the real server.</summary>
public sealed class CostTests : IAsyncLifetime
{
    // $1 per GPU-second, $0.01 per CPU-second, $0.001 per GiB-second: jobs of milliseconds cost visible amounts.
    private const double GpuRate = 3600;
    private const double CpuRate = 36;
    private const double MemoryRate = 3.6;

    private TestServer _server = null!;

    public static Dictionary<string, string?> Config()
    {
        var config = TestServer.DefaultConfig();
        config["Cost:Pools:local:Gpus:Test GPU 16GB"] = GpuRate.ToString(CultureInfo.InvariantCulture);
        config["Cost:Pools:local:CpuUsdPerHour"] = CpuRate.ToString(CultureInfo.InvariantCulture);
        config["Cost:Pools:local:MemoryUsdPerGibHour"] = MemoryRate.ToString(CultureInfo.InvariantCulture);

        // Tests run the budget check themselves (CheckOnceAsync) instead of waiting for the timer.
        config["Cost:CheckInterval"] = "01:00:00";
        return config;
    }

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(Config());

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>What a finished test job cost: TestServer.Shell asks for 0.1 CPU and 64 MiB.</summary>
    private static double ExpectedCost(JobView job)
    {
        var hours = (job.FinishedAt!.Value - job.StartedAt!.Value).TotalHours;
        return hours * ((job.Gpus.Count * GpuRate) + (0.1 * CpuRate) + (64.0 / 1024 * MemoryRate));
    }

    private static void Near(double expected, double actual)
    {
        var tolerance = (1e-9 * Math.Abs(expected)) + 1e-12;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");
    }

    private async Task<CostReport> ReportAsync(HttpClient client, string query) =>
        await (await client.GetAsync("/api/v1/cost/report?" + query, TestContext.Current.CancellationToken)).ReadAsync<CostReport>();

    private async Task CreateProjectAsync(string name) =>
        (await _server.Admin.PostAsync("/api/v1/projects", TestServer.Json(new CreateProjectRequest(name)), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

    private async Task<HttpClient> UserAsync(string name, string project, Role role)
    {
        var created = await _server.Admin.PostAsync("/api/v1/users", TestServer.Json(new CreateUserRequest(name, Project: project, Role: role)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await (await _server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest(User: name)), TestContext.Current.CancellationToken)).ReadAsync<TokenCreated>();
        return _server.ClientFor(token.Token);
    }

    private async Task<JobView> RunAsync(HttpClient client, JobSpec spec)
    {
        var job = await client.WaitAsync((await client.SubmitAsync(spec)).JobIds[0]);
        Assert.Equal(JobState.Succeeded, job.State);
        return job;
    }

    private Task<int> CheckBudgetsAsync() =>
        _server.App.Services.GetRequiredService<CostMonitor>().CheckOnceAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Report_SumsJobsByProjectUserAndJob_WithIdleForAdmins()
    {
        await CreateProjectAsync("nlp");
        using var dana = await UserAsync("dana", "nlp", Role.Member);
        var a = await RunAsync(_server.Admin, TestServer.Shell("true", gpus: 1, name: "admin-gpu"));
        var b = await RunAsync(dana, TestServer.Shell("true", gpus: 2, name: "dana-gpu", project: "nlp"));
        var c = await RunAsync(dana, TestServer.Shell("true", name: "dana-cpu", project: "nlp"));

        var byJob = await ReportAsync(_server.Admin, "by=job&since=1h");
        var byProject = await ReportAsync(_server.Admin, "by=project&since=1h");
        var byUser = await ReportAsync(_server.Admin, "by=user");
        var byPool = await ReportAsync(_server.Admin, "by=pool");

        foreach (var job in new[] { a, b, c })
        {
            var row = byJob.Rows.Single(r => r.Name == job.Id.ToString(CultureInfo.InvariantCulture));
            Near(ExpectedCost(job), row.TotalCost);
            Assert.Equal((job.Name, job.Project, job.User, "local"), (row.JobName!, row.Project!, row.User!, row.Pool!));
            Near(job.Gpus.Count * (job.FinishedAt!.Value - job.StartedAt!.Value).TotalHours, row.GpuHours);
        }

        Near(ExpectedCost(b) + ExpectedCost(c), byProject.Rows.Single(r => r.Name == "nlp").TotalCost);
        Near(ExpectedCost(a), byProject.Rows.Single(r => r.Name == "default").TotalCost);
        Near(ExpectedCost(b) + ExpectedCost(c), byUser.Rows.Single(r => r.Name == "dana").TotalCost);
        Near(ExpectedCost(a), byUser.Rows.Single(r => r.Name == "admin").TotalCost);
        Near(ExpectedCost(a) + ExpectedCost(b) + ExpectedCost(c), byProject.Totals.AllocatedCost);

        // Idle: what the node's two GPUs could have given, less what the jobs held; efficiency is the rest.
        var idle = byPool.Rows.Single(r => r.Name == CostReport.IdleRow);
        var pool = byPool.Rows.Single(r => r.Name == "local");
        Near(byPool.Totals.AvailableGpuHours!.Value, pool.GpuHours + idle.GpuHours);
        Near(idle.GpuHours * GpuRate, idle.GpuCost);
        Near(pool.GpuHours / byPool.Totals.AvailableGpuHours!.Value, pool.Efficiency!.Value);
        Near(byPool.Totals.AllocatedCost + idle.TotalCost, byPool.Totals.TotalCost);
        Assert.Equal(CostReport.IdleRow, byProject.Rows[^1].Name);
    }

    [Fact]
    public async Task Report_AsCsv_ParsesAndMatchesTheJson()
    {
        await RunAsync(_server.Admin, TestServer.Shell("true", gpus: 1, name: "csv-job"));
        var first = await ReportAsync(_server.Admin, "by=job");

        // The same fixed window twice, so the idle row does not grow between the two answers.
        var window = $"by=job&since={Uri.EscapeDataString(first.WindowStart.ToString("o", CultureInfo.InvariantCulture))}&until={Uri.EscapeDataString(first.WindowEnd.ToString("o", CultureInfo.InvariantCulture))}";
        var json = await ReportAsync(_server.Admin, window);
        var response = await _server.Admin.GetAsync("/api/v1/cost/report?format=csv&" + window, TestContext.Current.CancellationToken);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = CsvRows(csv);
        Assert.Equal(CostCsv.Header.Split(','), rows[0]);
        Assert.Equal(json.Rows.Count, rows.Count - 1);
        var column = Array.IndexOf(rows[0], "total_cost");
        foreach (var (row, fields) in json.Rows.Zip(rows.Skip(1)))
        {
            Assert.Equal(row.Name, fields[0]);
            Assert.True(Math.Abs(row.TotalCost - double.Parse(fields[column], CultureInfo.InvariantCulture)) < 1e-9, $"{row.Name}: {row.TotalCost} vs {fields[column]}");
        }

        Assert.Contains(rows, r => r[Array.IndexOf(rows[0], "job_name")] == "csv-job");
    }

    [Fact]
    public void Csv_QuotesSeparators_AndDefusesFormulas()
    {
        var at = DateTimeOffset.UnixEpoch;
        var report = new CostReport("job", at, at, "USD",
        [
            new CostRow("a,\"b\"", at, at, 1, 0, 0, 1, 0, 0, 1),
            new CostRow("=HYPERLINK(1)", at, at, 0, 0, 0, 0, 0, 0, 0),
        ], new CostTotals(1, 0, 0, 1, null, 1, null, null, null), []);

        var rows = CsvRows(CostCsv.Write(report));

        Assert.Equal("a,\"b\"", rows[1][0]);
        Assert.Equal("'=HYPERLINK(1)", rows[2][0]);
        Assert.Equal("1970-01-01T00:00:00.000Z", rows[1][1]);
    }

    [Fact]
    public async Task Report_ShowsOthersNothingOfAProject()
    {
        await CreateProjectAsync("nlp");
        await CreateProjectAsync("vision");
        using var dana = await UserAsync("dana", "nlp", Role.Member);
        using var vic = await UserAsync("vic", "vision", Role.Viewer);
        await RunAsync(dana, TestServer.Shell("true", gpus: 1, project: "nlp"));
        await RunAsync(_server.Admin, TestServer.Shell("true", gpus: 1));

        var vicProjects = await ReportAsync(vic, "by=project");
        var vicJobs = await ReportAsync(vic, "by=job");
        var vicPools = await ReportAsync(vic, "by=pool");
        var danaProjects = await ReportAsync(dana, "by=project");
        var vicFiltered = await vic.GetAsync("/api/v1/cost/report?project=nlp", TestContext.Current.CancellationToken);

        Assert.Empty(vicProjects.Rows);
        Assert.Empty(vicJobs.Rows);
        Assert.Empty(vicPools.Rows);
        Assert.Equal(0, vicProjects.Totals.AllocatedCost);
        Assert.Null(vicProjects.Totals.IdleCost);
        Assert.Null(vicProjects.Totals.AvailableGpuHours);
        Assert.Equal(["nlp"], danaProjects.Rows.Select(r => r.Name));
        Assert.Contains("project 'nlp' not found", await vicFiltered.ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task BudgetAlert_IsRecordedOncePerThresholdAndMonth_AndAudited()
    {
        await CreateProjectAsync("nlp");
        using var dana = await UserAsync("dana", "nlp", Role.Member);
        using var vic = await UserAsync("vic", "default", Role.Viewer);
        await RunAsync(dana, TestServer.Shell("true", gpus: 1, project: "nlp"));

        // A budget far below what one GPU-job costs at these rates: every threshold is crossed at once.
        var set = await _server.Admin.PutAsync("/api/v1/projects/nlp/budget",
            TestServer.Json(new BudgetRequest(0.000001, [0.5, 1.0, 5.0])), TestContext.Current.CancellationToken);
        var budget = await set.ReadAsync<BudgetView>();
        var first = await CheckBudgetsAsync();
        var second = await CheckBudgetsAsync();

        Assert.True(budget.SpentUsd > 5 * 0.000001, $"spent {budget.SpentUsd}");
        Assert.False(budget.RefusingJobs);
        Assert.Equal(3, first);
        Assert.Equal(0, second);
        var alerts = await (await dana.GetAsync("/api/v1/cost/alerts", TestContext.Current.CancellationToken)).ReadAsync<BudgetAlertView[]>();
        Assert.Equal([5.0, 1.0, 0.5], alerts.Select(a => a.Threshold).OrderDescending());
        Assert.All(alerts, a => Assert.Equal(("nlp", budget.Month), (a.Project, a.Month)));
        Assert.Empty(await (await vic.GetAsync("/api/v1/cost/alerts", TestContext.Current.CancellationToken)).ReadAsync<BudgetAlertView[]>());
        var audit = await (await _server.Admin.GetAsync("/api/v1/audit?action=cost.budget_alert", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();
        Assert.Equal(3, audit.Items.Count);
        Assert.All(audit.Items, e => Assert.Contains("project 'nlp' has spent $", e.Detail, StringComparison.Ordinal));
        var verify = await (await _server.Admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken)).ReadAsync<AuditVerifyResult>();
        Assert.True(verify.Ok);
    }

    [Fact]
    public async Task HardStop_RefusesTheNextSubmission_WithTheReason_AndStoresNothing()
    {
        await CreateProjectAsync("nlp");
        using var dana = await UserAsync("dana", "nlp", Role.Member);
        await RunAsync(dana, TestServer.Shell("true", gpus: 1, project: "nlp"));

        var denied = await dana.PutAsync("/api/v1/projects/nlp/budget", TestServer.Json(new BudgetRequest(0.000001, HardStop: true)), TestContext.Current.CancellationToken);
        var set = await (await _server.Admin.PutAsync("/api/v1/projects/nlp/budget",
            TestServer.Json(new BudgetRequest(0.000001, HardStop: true)), TestContext.Current.CancellationToken)).ReadAsync<BudgetView>();
        var before = await (await dana.GetAsync("/api/v1/jobs?project=nlp", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        var refused = await dana.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true", project: "nlp")), TestContext.Current.CancellationToken);
        var after = await (await dana.GetAsync("/api/v1/jobs?project=nlp", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        var elsewhere = await _server.Admin.SubmitAsync(TestServer.Shell("true"));

        Assert.Contains("needs the admin role; you are a member", await denied.ProblemAsync(HttpStatusCode.Forbidden));
        Assert.True(set.RefusingJobs);
        var reason = await refused.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.StartsWith("project 'nlp' has spent $", reason, StringComparison.Ordinal);
        Assert.Contains("of its $0.000001 monthly budget; new jobs are refused until ", reason, StringComparison.Ordinal);
        Assert.Equal(before.Items.Select(j => j.Id), after.Items.Select(j => j.Id));
        Assert.Single(elsewhere.JobIds);
        var audit = await (await _server.Admin.GetAsync("/api/v1/audit?action=job.submit&actor=dana", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();
        Assert.Equal("forbidden", audit.Items[0].Outcome);

        // Raising the budget lets work in again at once.
        var raised = await (await _server.Admin.PutAsync("/api/v1/projects/nlp/budget",
            TestServer.Json(new BudgetRequest(1_000_000, HardStop: true)), TestContext.Current.CancellationToken)).ReadAsync<BudgetView>();
        Assert.False(raised.RefusingJobs);
        Assert.Single((await dana.SubmitAsync(TestServer.Shell("true", project: "nlp"))).JobIds);
    }

    [Fact]
    public async Task HardStop_SurvivesARestart_BecauseSpendComesFromHistory()
    {
        await RunAsync(_server.Admin, TestServer.Shell("true", gpus: 1));
        (await _server.Admin.PutAsync("/api/v1/projects/default/budget", TestServer.Json(new BudgetRequest(0.000001, HardStop: true)), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var spentBefore = (await (await _server.Admin.GetAsync("/api/v1/projects/default/budget", TestContext.Current.CancellationToken)).ReadAsync<BudgetView>()).SpentUsd;

        await _server.RestartAsync(Config());
        await CheckBudgetsAsync();
        var budget = await (await _server.Admin.GetAsync("/api/v1/projects/default/budget", TestContext.Current.CancellationToken)).ReadAsync<BudgetView>();
        var refused = await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true")), TestContext.Current.CancellationToken);

        Assert.Equal(spentBefore, budget.SpentUsd);
        Assert.True(budget.RefusingJobs);
        Assert.Contains("monthly budget", await refused.ProblemAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Budget_IsValidated_AndMissingBudgetsAnswer404()
    {
        var none = await _server.Admin.GetAsync("/api/v1/projects/default/budget", TestContext.Current.CancellationToken);
        var negative = await _server.Admin.PutAsync("/api/v1/projects/default/budget", TestServer.RawJson("{\"monthly_usd\": -5}"), TestContext.Current.CancellationToken);
        var threshold = await _server.Admin.PutAsync("/api/v1/projects/default/budget", TestServer.RawJson("{\"monthly_usd\": 5, \"alert_thresholds\": [80]}"), TestContext.Current.CancellationToken);
        var unknown = await _server.Admin.PutAsync("/api/v1/projects/nope/budget", TestServer.RawJson("{\"monthly_usd\": 5}"), TestContext.Current.CancellationToken);
        var by = await _server.Admin.GetAsync("/api/v1/cost/report?by=team", TestContext.Current.CancellationToken);

        Assert.Contains("has no budget", await none.ProblemAsync(HttpStatusCode.NotFound));
        Assert.Contains("monthly_usd must be a positive amount", await negative.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("0.8 is 80%", await threshold.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("project 'nope' not found", await unknown.ProblemAsync(HttpStatusCode.NotFound));
        Assert.Contains("not one of project, user, job, pool", await by.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Prices_ShowEveryRateWithItsSource()
    {
        var prices = await (await _server.Admin.GetAsync("/api/v1/cost/prices", TestContext.Current.CancellationToken)).ReadAsync<PricesView>();

        var node = Assert.Single(prices.Nodes);
        Assert.Equal(("testnode", "local", "on_prem"), (node.Node, node.Pool, node.Kind));
        var gpu = Assert.Single(node.Gpus);
        Assert.Equal(("Test GPU 16GB", 2, GpuRate), (gpu.Model, gpu.Count, gpu.UsdPerHour));
        Assert.Equal("configured: Cost:Pools:local:Gpus:Test GPU 16GB", gpu.Source);
        Assert.Equal(CpuRate, node.Cpu.UsdPerHour);
        Assert.Equal(MemoryRate, node.Memory.UsdPerHour);
    }

    [Fact]
    public async Task OnPremPool_FromGantryYaml_IsPricedFromItsCostOfOwnership()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-cost-yaml-").FullName;
        var yaml = Path.Combine(dataDir, "gantry.yaml");
        await File.WriteAllTextAsync(yaml, """
            local:
              node_name: owned
              discover_gpus: false
              declared_accelerators:
                - model: Test GPU 16GB
                  count: 2
                  vendor: nvidia
            cost:
              check_interval: "01:00:00"
              pools:
                local:
                  kind: on_prem
                  server_usd: 20000
                  server_power_kw: 1
                  electricity_usd_per_kwh: 0.25
            """, TestContext.Current.CancellationToken);
        PricesView prices;
        NodeView[] nodes;
        await using (var app = await Gantry.Server.GantryApp.StartAsync(
            new Gantry.Server.ServerSettings("127.0.0.1:0", dataDir, ConfigPath: yaml),
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            TestContext.Current.CancellationToken))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Address) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.BootstrapToken);
            prices = await (await client.GetAsync("/api/v1/cost/prices", TestContext.Current.CancellationToken)).ReadAsync<PricesView>();
            nodes = await (await client.GetAsync("/api/v1/nodes", TestContext.Current.CancellationToken)).ReadAsync<NodeView[]>();
        }

        Directory.Delete(dataDir, recursive: true);

        // The catalog's defaults fill in the rest: 20% network and storage, 5 years, 10% operations a year,
        // PUE 1.58, idle draw 30%, busy 60%; the tariff is the configured $0.25/kWh.
        var hourly = (20_000 * 1.2 / 5 / 8760) + (20_000 * 1.2 * 0.10 / 8760) + (1 * (0.3 + (0.7 * 0.6)) * 1.58 * 0.25);
        var node = Assert.Single(prices.Nodes);
        Assert.Equal(("owned", "on_prem"), (node.Node, node.Kind));
        Assert.Equal(hourly, node.NodeUsdPerHour!.Value, 9);
        var shape = Assert.Single(nodes);
        var parts = (2 * node.Gpus.Single().UsdPerHour) + (shape.Cpus * node.Cpu.UsdPerHour) + (shape.MemoryBytes / (double)(1L << 30) * node.Memory.UsdPerHour);
        Assert.Equal(hourly, parts, 9);
        Assert.Contains(node.Derivation, l => l.Contains("configured: Cost:Pools:local:ElectricityUsdPerKwh", StringComparison.Ordinal));
        Assert.Contains(node.Derivation, l => l.Contains("Uptime Institute", StringComparison.Ordinal));
        Assert.Contains("on-prem TCO of node owned", node.Gpus.Single().Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonsensePrices_StopTheServerFromStarting_WithTheReason()
    {
        var config = Config();
        config["Cost:Pools:local:Pue"] = "0.5";
        config["Cost:Pools:gpu-cloud:Kind"] = "rented";
        var dataDir = Directory.CreateTempSubdirectory("gantry-cost-bad-").FullName;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestServer.StartAsync(config, dataDir));
        Directory.Delete(dataDir, recursive: true);

        Assert.Contains("Cost:Pools:local:Pue must be at least 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cost:Pools:gpu-cloud:Kind 'rented' is neither on_prem nor cloud", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>RFC 4180 fields: quoted fields may hold commas and doubled quotes.</summary>
    private static List<string[]> CsvRows(string csv)
    {
        var rows = new List<string[]>();
        foreach (var line in csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var ch = line[i];
                if (quoted)
                {
                    if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (ch == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(ch);
                    }
                }
                else if (ch == '"')
                {
                    quoted = true;
                }
                else if (ch == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(ch);
                }
            }

            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }

        return rows;
    }
}
