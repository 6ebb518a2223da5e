using System.Globalization;
using System.Net;
using System.Text.Json;
using Gantry.Cli;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Planning.Plans;
using Gantry.Server;
using Gantry.Server.Planning;

namespace Gantry.IntegrationTests;

/// <summary>The planner's API, the assess endpoints and `gantry assess`, through a real server.</summary>
public sealed class PlanningApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Train_Gpt3_175B_On300BTokens_Is3_14e23Flops()
    {
        var response = await _server.Admin.PostAsync("/api/v1/plans/train",
            TestServer.RawJson("""{"params": "175B", "tokens": "300B", "gpu": "A100-80GB", "gpus": 1024}"""), Ct);

        var plan = await response.ReadAsync<TrainPlan>();
        Assert.InRange(plan.TotalFlops, 3.14e23 * 0.99, 3.14e23 * 1.01);
        Assert.Equal(1024, plan.Gpus);
        Assert.True(plan.GpuHours > 0 && plan.WallClockHours > 0 && plan.EnergyKwh > 0);
        Assert.Contains(plan.Costs, c => c.Option == "cloud_on_demand" && c.TotalUsd > 0);
        Assert.Contains(plan.Assumptions, a => a.Name == "mfu");
    }

    [Fact]
    public async Task Train_WithNegativeParams_Returns400WithTheReason()
    {
        var bare = await _server.Admin.PostAsync("/api/v1/plans/train", TestServer.RawJson("""{"params": "-1"}"""), Ct);
        var withGpu = await _server.Admin.PostAsync("/api/v1/plans/train",
            TestServer.RawJson("""{"params": "-1", "tokens": "1T", "gpu": "H100"}"""), Ct);

        await bare.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("params must be positive", await withGpu.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Plans_RefuseUnknownFields_MalformedJson_AndBadValues()
    {
        var unknown = await _server.Admin.PostAsync("/api/v1/plans/train", TestServer.RawJson("""{"parms": "7B"}"""), Ct);
        var malformed = await _server.Admin.PostAsync("/api/v1/plans/tco", TestServer.RawJson("""{"gpu": "H100", """), Ct);
        var zero = await _server.Admin.PostAsync("/api/v1/plans/train",
            TestServer.RawJson("""{"params": "7B", "tokens": "1T", "gpu": "H100", "zero_stage": 5}"""), Ct);
        var gpu = await _server.Admin.PostAsync("/api/v1/plans/serve", TestServer.RawJson("""{"model": "llama-2-7b", "gpu": "X100"}"""), Ct);
        var noFit = await _server.Admin.PostAsync("/api/v1/plans/train",
            TestServer.RawJson("""{"params": "100T", "tokens": "1T", "gpu": "T4"}"""), Ct);

        Assert.Contains("unknown field 'parms'", await unknown.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("invalid JSON", await malformed.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("zero_stage must be 0, 1, 2 or 3", await zero.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("unknown GPU 'X100'", await gpu.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("does not fit on any number", await noFit.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Tco_ListsEveryOption_AndTheBreakEven()
    {
        var response = await _server.Admin.PostAsync("/api/v1/plans/tco",
            TestServer.RawJson("""{"gpu": "H100", "gpus": 64, "utilization": 0.6, "years": 3}"""), Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(text);
        Assert.InRange(doc.RootElement.GetProperty("break_even_utilization").GetDouble(), 0.01, 1);
        var options = doc.RootElement.GetProperty("costs").EnumerateArray().Select(c => c.GetProperty("option").GetString()).ToList();
        Assert.Equal(["on_prem", "cloud_on_demand", "cloud_reserved", "cloud_spot", "hybrid"], options);
    }

    [Fact]
    public async Task Serve_AndFinetune_AnswerWithTheirFigures()
    {
        var serve = await (await _server.Admin.PostAsync("/api/v1/plans/serve",
            TestServer.RawJson("""{"model": "llama-2-7b", "gpu": "H100", "context": 4096, "concurrency": 16, "qps": 2}"""), Ct)).ReadAsync<ServePlan>();
        var finetune = await (await _server.Admin.PostAsync("/api/v1/plans/finetune",
            TestServer.RawJson("""{"model": "llama-65b", "method": "qlora", "gpu": "L40S"}"""), Ct)).ReadAsync<FinetunePlan>();

        Assert.Equal(512 * 1024, serve.KvCacheBytesPerToken);
        Assert.True(serve.GpusNeeded >= 1 && serve.UsdPerMillionTokens > 0);
        Assert.Equal(FinetuneMethod.Qlora, finetune.Method);
        Assert.Equal(1, finetune.MinGpus);
    }

    [Fact]
    public async Task Plans_NeedAToken()
    {
        using var anonymous = _server.ClientFor(null);

        var response = await anonymous.PostAsync("/api/v1/plans/tco", TestServer.RawJson("""{"gpu": "H100", "gpus": 8}"""), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Catalog_ListsGpusModelsAndPrices_WithDatesAndSources()
    {
        using var doc = JsonDocument.Parse(await _server.Admin.GetStringAsync("/api/v1/plans/catalog", Ct));
        var root = doc.RootElement;

        Assert.Contains(root.GetProperty("gpus").EnumerateArray(), g => g.GetProperty("name").GetString() == "H100-SXM");
        Assert.Contains(root.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == "llama-2-70b");
        Assert.All(root.GetProperty("cloud").EnumerateArray(), c =>
        {
            Assert.False(string.IsNullOrEmpty(c.GetProperty("read").GetString()));
            Assert.False(string.IsNullOrEmpty(c.GetProperty("source").GetString()));
        });
        Assert.NotEmpty(root.GetProperty("on_prem").EnumerateArray());
        Assert.True(root.GetProperty("defaults").GetProperty("pue").GetProperty("value").GetDouble() >= 1);
    }

    [Fact]
    public async Task CatalogPath_FromConfiguration_ChangesAPrice()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-plan-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDir, "prices.yaml"), """
            cloud:
              - name: our-h100-contract
                provider: us
                instance: rack-7
                gpu: H100
                gpus_per_instance: 8
                on_demand_usd_per_gpu_hour: 1.23
                read: "2026-02-01"
                source: "our contract"
            """, Ct);
        var config = TestServer.DefaultConfig();
        config["Planning:CatalogPath"] = "prices.yaml";
        await using var server = await TestServer.StartAsync(config, dataDir);

        var tco = await (await server.Admin.PostAsync("/api/v1/plans/tco",
            TestServer.RawJson("""{"gpu": "H100", "gpus": 8, "utilization": 0.5, "years": 1}"""), Ct)).ReadAsync<TcoPlan>();
        var catalog = await server.Admin.GetStringAsync("/api/v1/plans/catalog", Ct);
        var builtIn = await (await _server.Admin.PostAsync("/api/v1/plans/tco",
            TestServer.RawJson("""{"gpu": "H100", "gpus": 8, "utilization": 0.5, "years": 1}"""), Ct)).ReadAsync<TcoPlan>();

        Assert.Equal(1.23, tco.Costs.Single(c => c.Option == "cloud_on_demand").UsdPerGpuHour, 6);
        Assert.Contains("our-h100-contract", catalog);
        Assert.NotEqual(1.23, builtIn.Costs.Single(c => c.Option == "cloud_on_demand").UsdPerGpuHour, 6);
    }

    [Fact]
    public async Task CatalogPath_ThatIsBroken_StopsStartUp_WithTheReason()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-plan-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDir, "bad.yaml"), "gpus:\n  - name: H100\n    tflops_typo: 3\n", Ct);
        var bad = TestServer.DefaultConfig();
        bad["Planning:CatalogPath"] = "bad.yaml";
        var missing = TestServer.DefaultConfig();
        missing["Planning:CatalogPath"] = "/nonexistent/prices.yaml";

        var broken = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), bad, Ct));
        var absent = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), missing, Ct));

        Assert.Contains("Planning:CatalogPath", broken.Message);
        Assert.Contains("bad.yaml", broken.Message);
        Assert.Contains("/nonexistent/prices.yaml", absent.Message);
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task History_CountsTheGpuHoursOfFinishedJobs()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 0.2", gpus: 1))).JobIds[0];
        var job = await _server.Admin.WaitAsync(id);
        Assert.Equal(JobState.Succeeded, job.State);

        var history = await (await _server.Admin.GetAsync("/api/v1/assess/history?days=30", Ct)).ReadAsync<AllocationHistoryView>();

        Assert.Equal(30, history.Days);
        Assert.Equal(2, history.Gpus);
        Assert.Equal(1, history.Jobs);
        Assert.Equal(1, history.PeakGpusAllocated);
        var held = (job.FinishedAt!.Value - job.StartedAt!.Value).TotalHours;
        Assert.Equal(held, history.AllocatedGpuHours, 6);
        Assert.InRange(history.Allocation!.Value, 1e-9, 1);
        Assert.NotNull(history.RecordsSince);
        Assert.Equal("allocation", history.Measures);
        Assert.Contains("SM activity", history.Note);
        Assert.StartsWith("GPUs were allocated", history.Advice);
    }

    [Fact]
    public async Task History_RefusesABadWindow()
    {
        var zero = await _server.Admin.GetAsync("/api/v1/assess/history?days=0", Ct);
        var words = await _server.Admin.GetAsync("/api/v1/assess/history?days=month", Ct);

        Assert.Contains("days must be a whole number", await zero.ProblemAsync(HttpStatusCode.BadRequest));
        await words.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Blob_SendsExactlyNBytes_AndRefusesMoreThan1GiB_OrNegative()
    {
        using var response = await _server.Admin.GetAsync("/api/v1/assess/blob?bytes=300000", Ct);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        var tooBig = await _server.Admin.GetAsync("/api/v1/assess/blob?bytes=1073741825", Ct);
        var negative = await _server.Admin.GetAsync("/api/v1/assess/blob?bytes=-1", Ct);
        var empty = await _server.Admin.GetByteArrayAsync("/api/v1/assess/blob?bytes=0", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(300000, body.Length);
        Assert.Equal(300000, response.Content.Headers.ContentLength);
        Assert.True(body.Distinct().Count() > 200, "the bytes should look random");
        Assert.Contains("at most 1073741824", await tooBig.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("must not be negative", await negative.ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Empty(empty);
    }

    [Fact]
    public async Task AssessCli_Json_ReportsTheClusterDiskNetworkGapsAndHistory()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 0.2", gpus: 1))).JobIds[0];
        await _server.Admin.WaitAsync(id);
        var workDir = Directory.CreateTempSubdirectory("gantry-assess-").FullName;
        try
        {
            var plan = await RunCliAsync(workDir, "plan", "train", "--params", "7B", "--tokens", "1T", "--gpu", "A100-80GB", "--gpus", "8", "--json");
            Assert.Equal(0, plan.ExitCode);
            await File.WriteAllTextAsync(Path.Combine(workDir, "plan.json"), plan.Output, Ct);

            var assess = await RunCliAsync(workDir, "assess", "--workload", "plan.json", "--json",
                "--disk-test-bytes", "1048576", "--net-test-bytes", "2097152");

            Assert.True(assess.ExitCode == 0, assess.Error);
            using var doc = JsonDocument.Parse(assess.Output);
            var r = doc.RootElement;
            Assert.True(r.GetProperty("server").GetProperty("reachable").GetBoolean());
            Assert.Equal("server", r.GetProperty("machine").GetProperty("source").GetString());
            Assert.Equal(2, r.GetProperty("machine").GetProperty("gpus").GetArrayLength());
            Assert.True(r.GetProperty("disk").GetProperty("write_mb_per_s").GetDouble() > 0);
            Assert.True(r.GetProperty("disk").GetProperty("read_mb_per_s").GetDouble() > 0);
            Assert.Equal(2097152, r.GetProperty("network").GetProperty("bytes").GetInt64());
            Assert.True(r.GetProperty("network").GetProperty("mb_per_s").GetDouble() > 0);
            var gaps = r.GetProperty("workload").GetProperty("gaps").EnumerateArray().ToDictionary(g => g.GetProperty("item").GetString()!);
            Assert.False(gaps["gpus"].GetProperty("ok").GetBoolean());
            Assert.Equal(8, gaps["gpus"].GetProperty("need").GetDouble());
            Assert.Equal(2, gaps["gpus"].GetProperty("have").GetDouble());
            Assert.Equal(16L << 30, gaps["memory_per_gpu"].GetProperty("have").GetInt64());
            Assert.True(gaps["wall_clock"].GetProperty("have").GetDouble() > gaps["wall_clock"].GetProperty("need").GetDouble());
            Assert.True(r.GetProperty("history").GetProperty("allocated_gpu_hours").GetDouble() > 0);
            Assert.Contains(r.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("SM activity", StringComparison.Ordinal));
            Assert.Empty(Directory.GetFiles(workDir, ".gantry-assess-*"));
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    [Fact]
    public void AllocationHistory_ClampsToTheWindow_AndFindsThePeak()
    {
        const long hour = 3_600_000;
        HeldInterval[] held =
        [
            new(2, -hour, hour),         // half inside the window
            new(1, 2 * hour, 3 * hour),  // inside
            new(4, 3 * hour, 4 * hour),  // starts as the one before ends: not stacked
            new(8, 20 * hour, 30 * hour), // after the window
        ];

        var measure = AllocationHistory.Measure(held, 0, 10 * hour);

        Assert.Equal(2 + 1 + 4, measure.GpuHours, 9);
        Assert.Equal(3, measure.Jobs);
        Assert.Equal(4, measure.PeakGpus);
    }

    [Theory]
    [InlineData(16, 0.31, 6, 10, "GPUs were allocated 31% of the time over 30 days", "The average load would fit on 5 GPUs and the peak on 6")]
    [InlineData(16, 0.31, 6, 10, "so 10 stood spare throughout", "Owning A100-80GB GPUs pays off above 34% utilisation; this fleet is below it")]
    [InlineData(8, 0.6, 8, 3, "the fleet is sized about right", "this fleet is above it")]
    [InlineData(8, 0.95, 8, 3, "jobs are likely waiting", "add GPUs or burst to the cloud")]
    [InlineData(8, 0.0, 0, 0, "No job held a GPU over 30 days: all 8 sat unallocated", "as owned servers the unallocated time cost about $")]
    [InlineData(0, null, 0, 0, "no accelerators", "gantry plan")]
    public void RightSizing_AdviceInWords(int gpus, double? allocation, int peak, int jobs, string expected, string alsoExpected)
    {
        var advice = RightSizing.Advise(new AllocationHistoryView
        {
            Days = 30,
            From = DateTimeOffset.UnixEpoch,
            To = DateTimeOffset.UnixEpoch.AddDays(30),
            CoveredHours = 720,
            Nodes = 1,
            Gpus = gpus,
            Jobs = jobs,
            AllocatedGpuHours = gpus * 720 * (allocation ?? 0),
            AvailableGpuHours = gpus * 720,
            Allocation = allocation,
            PeakGpusAllocated = peak,
            CatalogGpu = "A100-80GB",
            IdleUsd = 1234,
            BreakEvenUtilization = 0.34,
            Measures = "allocation",
            Note = RightSizing.Note,
            Advice = "",
        });

        Assert.Contains(expected, advice, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NVIDIA A100-SXM4-80GB", 85_899_345_920L, "A100-80GB")]
    [InlineData("NVIDIA A100-PCIE-40GB", 42_949_672_960L, "A100-40GB")]
    [InlineData("NVIDIA H100 80GB HBM3", 85_520_809_984L, "H100-SXM")]
    [InlineData("NVIDIA H100 PCIe", 85_520_809_984L, "H100-PCIe")]
    [InlineData("NVIDIA L4", 24_152_899_584L, "L4")]
    [InlineData("NVIDIA L40S", 48_305_799_168L, "L40S")]
    [InlineData("Tesla T4", 16_106_127_360L, "T4")]
    [InlineData("AMD Instinct MI300X", 206_158_430_208L, "MI300X")]
    [InlineData("Test GPU 16GB", 17_179_869_184L, null)]
    public void GpuModelMatch_FindsTheCatalogGpu(string model, long memory, string? expected) =>
        Assert.Equal(expected, GpuModelMatch.Find(Gantry.Planning.Catalogs.PlanningCatalog.BuiltIn, model, memory)?.Name);

    private async Task<(int ExitCode, string Output, string Error)> RunCliAsync(string workDir, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var variables = new Dictionary<string, string>
        {
            ["GANTRY_ADDR"] = _server.App.Address,
            ["GANTRY_TOKEN"] = _server.AdminToken,
            ["GANTRY_CONFIG_DIR"] = workDir,
        };
        var code = await CliApp.RunAsync(args, CliEnvironment.FromVariables(output, error, variables, workDir), Ct);
        return (code, output.ToString(), error.ToString());
    }
}
