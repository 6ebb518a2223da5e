using System.Text.Json;
using Gantry.Cli.Commands.Planning;
using Gantry.Core;
using Gantry.Planning;

namespace Gantry.Cli.Tests;

/// <summary>`gantry plan …` computes locally (no server) and `gantry assess` reads plans and finds the gaps.</summary>
public sealed class PlanningCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task PlanTrain_Json_HasTheFields_WithoutAnyServer()
    {
        var run = await _cli.RunAsync("plan", "train", "--params", "175B", "--tokens", "300B", "--gpu", "A100-80GB", "--gpus", "1024", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(_cli.Server.Requests);
        using var doc = JsonDocument.Parse(run.Output);
        var plan = doc.RootElement;
        Assert.InRange(plan.GetProperty("total_flops").GetDouble(), 3.14e23 * 0.99, 3.14e23 * 1.01);
        foreach (var field in new[] { "gpu_hours", "wall_clock_hours", "mfu", "model_states_bytes_per_gpu", "memory_per_gpu_bytes", "min_gpus", "checkpoint_bytes", "energy_kwh" })
            Assert.True(plan.GetProperty(field).GetDouble() > 0, field);
        Assert.Equal(1024, plan.GetProperty("gpus").GetInt32());
        var costs = plan.GetProperty("costs").EnumerateArray().ToList();
        Assert.NotEmpty(costs);
        Assert.All(costs, c =>
        {
            Assert.False(string.IsNullOrEmpty(c.GetProperty("option").GetString()));
            Assert.True(c.GetProperty("total_usd").GetDouble() > 0);
            Assert.True(c.GetProperty("usd_per_gpu_hour").GetDouble() > 0);
        });
        Assert.Contains(plan.GetProperty("assumptions").EnumerateArray(), a => a.GetProperty("name").GetString() == "mfu");
    }

    [Fact]
    public async Task PlanTrain_Json_IsExactlyThePlan()
    {
        var run = await _cli.RunAsync("plan", "train", "--params", "7B", "--tokens", "2T", "--gpu", "A100-80GB", "--json");

        var expected = Planner.Default.Train(new() { Params = "7B", Tokens = "2T", Gpu = "A100-80GB" }).Value;
        var expectedJson = JsonSerializer.Serialize(expected, GantryJson.Options);
        var actualJson = JsonSerializer.Serialize(JsonDocument.Parse(run.Output).RootElement);
        Assert.Equal(expectedJson, actualJson);
    }

    [Theory]
    [InlineData("params must be positive (got '-1')", "plan", "train", "--params", "-1", "--tokens", "1T", "--gpu", "H100")]
    [InlineData("unknown GPU 'X100'", "plan", "train", "--params", "7B", "--tokens", "1T", "--gpu", "X100")]
    [InlineData("zero_stage must be 0, 1, 2 or 3 (got 5)", "plan", "train", "--params", "7B", "--tokens", "1T", "--gpu", "H100", "--zero", "5")]
    [InlineData("does not fit on any number of T4 GPUs", "plan", "train", "--params", "100T", "--tokens", "1T", "--gpu", "T4")]
    [InlineData("unknown model 'gpt-5'", "plan", "serve", "--model", "gpt-5", "--gpu", "H100")]
    [InlineData("give the fleet size (gpus)", "plan", "tco", "--gpu", "H100")]
    public async Task BadInput_SaysWhy_AndExits1(string message, params string[] args)
    {
        var run = await _cli.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("--gpus 'abc' is not a whole number", "plan", "train", "--params", "7B", "--gpus", "abc")]
    [InlineData("'bad'", "plan", "finetune", "--model", "llama-2-7b", "--method", "bad")]
    [InlineData("--mfu", "plan", "train", "--mfu")]
    public async Task FlagSyntaxErrors_Exit2(string message, params string[] args)
    {
        var run = await _cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanTco_TableListsEveryOption_AndTheBreakEven()
    {
        var run = await _cli.RunAsync("plan", "tco", "--gpu", "H100", "--gpus", "64", "--utilization", "0.6", "--years", "3");

        Assert.Equal(0, run.ExitCode);
        var options = run.Output.Split('\n')
            .SkipWhile(l => l != "Costs").Skip(2).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["on_prem", "cloud_on_demand", "cloud_reserved", "cloud_spot", "hybrid"], options);
        Assert.Contains("Break-even:", run.Output, StringComparison.Ordinal);
        Assert.Contains("Assumptions", run.Output, StringComparison.Ordinal);
        Assert.Contains("electricity_usd_per_kwh", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" \n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanTco_EveryAssumptionIsOverridable_AndMarkedGiven()
    {
        var run = await _cli.RunAsync("plan", "tco", "--gpu", "H100", "--gpus", "8", "--utilization", "0.5", "--years", "2",
            "--electricity-usd-per-kwh", "0.07", "--pue", "1.1", "--on-demand-usd-per-gpu-hour", "2.5", "--server-usd", "250000", "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var given = doc.RootElement.GetProperty("assumptions").EnumerateArray()
            .Where(a => a.GetProperty("source").GetString() == "given")
            .ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("value").GetString());
        Assert.Equal("0.07", given["electricity_usd_per_kwh"]);
        Assert.Equal("1.1", given["pue"]);
        Assert.Equal("2.5", given["on_demand_usd_per_gpu_hour"]);
        Assert.Equal("250000", given["server_usd"]);
    }

    [Fact]
    public async Task Catalog_OverridesAPrice_AndABrokenOneIsAnError()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "ours.yaml"), """
            cloud:
              - name: aws-p4de.24xlarge-us-east-1
                on_demand_usd_per_gpu_hour: 0.5
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "broken.yaml"), "gpus: [{name: Z1}]\n", TestContext.Current.CancellationToken);

        var ours = await _cli.RunAsync("plan", "train", "--params", "7B", "--tokens", "1T", "--gpu", "A100-80GB", "--catalog", "ours.yaml", "--json");
        var broken = await _cli.RunAsync("plan", "--catalog", "broken.yaml", "train", "--params", "7B", "--tokens", "1T", "--gpu", "A100-80GB");
        var missing = await _cli.RunAsync("plan", "tco", "--gpu", "H100", "--gpus", "8", "--catalog", "nope.yaml");

        Assert.Equal(0, ours.ExitCode);
        using var doc = JsonDocument.Parse(ours.Output);
        var offer = doc.RootElement.GetProperty("costs").EnumerateArray()
            .Single(c => c.GetProperty("option").GetString() == "cloud_on_demand" && c.GetProperty("offer").GetString() == "aws-p4de.24xlarge-us-east-1");
        Assert.Equal(0.5, offer.GetProperty("usd_per_gpu_hour").GetDouble());
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken.yaml is invalid", broken.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("cannot read the planning catalog", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanServe_Json_HasTheFields()
    {
        var run = await _cli.RunAsync("plan", "serve", "--model", "llama-2-7b", "--context", "4096", "--concurrency", "32", "--qps", "4", "--gpu", "L4", "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var plan = doc.RootElement;
        Assert.Equal(512 * 1024, plan.GetProperty("kv_cache_bytes_per_token").GetInt64());
        Assert.Equal(512L * 1024 * 4096 * 32, plan.GetProperty("kv_cache_bytes").GetInt64());
        Assert.True(plan.GetProperty("weights_bytes").GetInt64() > 13_000_000_000);
        Assert.True(plan.GetProperty("gpus_needed").GetInt32() >= 2);
        Assert.True(plan.GetProperty("decode_tokens_per_s_upper_bound").GetDouble() > 0);
        Assert.True(plan.GetProperty("usd_per_million_tokens").GetDouble() > 0);
    }

    [Fact]
    public async Task Summaries_ShowHeadlineCostsAndAssumptions()
    {
        var train = await _cli.RunAsync("plan", "train", "--model", "llama-2-70b", "--tokens", "2T", "--gpu", "A100-80GB", "--gpus", "2048");
        var finetune = await _cli.RunAsync("plan", "finetune", "--model", "llama-65b", "--method", "qlora", "--gpu", "L40S");
        var serve = await _cli.RunAsync("plan", "serve", "--model", "llama-3-70b", "--gpu", "H100", "--context", "8192", "--concurrency", "64");

        Assert.Equal(0, train.ExitCode);
        Assert.Contains("Wall clock:", train.Output, StringComparison.Ordinal);
        Assert.Contains("Costs", train.Output, StringComparison.Ordinal);
        Assert.Contains("cloud_on_demand", train.Output, StringComparison.Ordinal);
        Assert.Contains("mfu", train.Output, StringComparison.Ordinal);
        Assert.Equal(0, finetune.ExitCode);
        Assert.Contains("qlora fine-tune of llama-65b", finetune.Output, StringComparison.Ordinal);
        Assert.Contains("Time and cost:", finetune.Output, StringComparison.Ordinal);
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("KV cache:", serve.Output, StringComparison.Ordinal);
        Assert.Contains("PER MILLION TOKENS", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Workload_FromATrainPlan_ReplansForTheGpusHere()
    {
        var plan = Planner.Default.Train(new() { Params = "7B", Tokens = "1T", Gpu = "A100-80GB", Gpus = 64 }).Value!;
        var needs = WorkloadFile.Read(JsonSerializer.Serialize(plan, GantryJson.Options), "plan.json", Planner.Default);
        var machine = new AssessMachine("local", 1, 64, 1L << 40,
            [.. Enumerable.Range(0, 8).Select(i => new AssessGpu("n", i, "nvidia", "NVIDIA H100 80GB HBM3", 85_520_809_984, true, "H100-SXM"))]);
        var disk = new DiskMeasurement { Directory = "/data", FreeBytes = 1_000_000_000_000, TestBytes = 0 };

        var result = WorkloadGaps.Assess("plan.json", needs.Value!, machine, disk);

        var gaps = result.Gaps.ToDictionary(g => g.Item);
        Assert.Equal("train", result.Kind);
        Assert.False(gaps["gpus"].Ok);
        Assert.Equal(64, gaps["gpus"].Need);
        Assert.Equal(8, gaps["gpus"].Have);
        Assert.True(gaps["memory_per_gpu"].Ok);
        Assert.False(gaps["storage"].Ok);
        var replanned = Planner.Default.Train(new() { Params = "7000000000", Tokens = "1000000000000", Gpu = "H100-SXM", Gpus = 8, SeqLen = plan.SeqLen }).Value!;
        Assert.Equal(replanned.WallClockHours, result.EstimatedWallClockHours!.Value, 6);
        Assert.Contains("re-planned for 8 × H100-SXM", gaps["wall_clock"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Workload_OnGpusOutsideTheCatalog_ScalesThePlannedGpuHours()
    {
        var plan = Planner.Default.Train(new() { Params = "1B", Tokens = "20B", Gpu = "A100-80GB", Gpus = 4 }).Value!;
        var needs = WorkloadFile.Read(JsonSerializer.Serialize(plan, GantryJson.Options), "plan.json", Planner.Default);
        var machine = new AssessMachine("server", 1, 8, 1L << 36,
            [new AssessGpu("n", 0, "declared", "Test GPU 16GB", 16L << 30, true, null), new AssessGpu("n", 1, "declared", "Test GPU 16GB", 16L << 30, true, null)]);

        var result = WorkloadGaps.Assess("plan.json", needs.Value!, machine, new DiskMeasurement { Directory = "/", TestBytes = 0 });

        Assert.Equal(plan.GpuHours / 2, result.EstimatedWallClockHours!.Value, 6);
        Assert.Contains("not in the planning catalog", result.Gaps.Single(g => g.Item == "wall_clock").Detail, StringComparison.Ordinal);
        Assert.Null(result.Gaps.Single(g => g.Item == "storage").Have);
    }

    [Theory]
    [InlineData("{\"gpu\": \"H100\", \"gpus\": 8, \"utilization\": 0.5, \"years\": 3, \"used_gpu_hours\": 1, \"costs\": [], \"cheapest\": \"on_prem\", \"assumptions\": []}", "is a TCO plan")]
    [InlineData("{\"hello\": 1}", "is not a plan written by")]
    [InlineData("[1, 2]", "is not a plan written by")]
    [InlineData("{\"total_flops_with_attention\": 1}", "is not a plan written by")]
    [InlineData("not json", "is not a plan written by")]
    public void Workload_ThatIsNotAWorkloadPlan_IsRefused(string text, string message)
    {
        var needs = WorkloadFile.Read(text, "x.json", Planner.Default);

        Assert.False(needs.IsOk);
        Assert.Contains(message, needs.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_WithoutAServer_FallsBackToThisMachine()
    {
        var run = await _cli.RunAsync("assess", "--json", "--disk-test-bytes", "65536");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Output);
        var r = doc.RootElement;
        Assert.False(r.GetProperty("server").GetProperty("reachable").GetBoolean());
        Assert.Equal("local", r.GetProperty("machine").GetProperty("source").GetString());
        Assert.True(r.GetProperty("machine").GetProperty("cpus").GetInt32() >= 1);
        // The harness's clock is fake, so the disk was written and read but no rate can be timed.
        Assert.Equal(65536, r.GetProperty("disk").GetProperty("test_bytes").GetInt64());
        Assert.False(r.GetProperty("disk").TryGetProperty("problem", out _));
        Assert.Empty(Directory.GetFiles(_cli.WorkingDirectory, ".gantry-assess-*"));
        Assert.False(r.GetProperty("network").GetProperty("measured").GetBoolean());
        Assert.False(r.TryGetProperty("history", out _));
        Assert.Equal(_cli.WorkingDirectory, r.GetProperty("disk").GetProperty("directory").GetString());
    }

    [Fact]
    public async Task Assess_WithABadWorkload_FailsBeforeMeasuring()
    {
        var run = await _cli.RunAsync("assess", "--workload", "missing.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot read the workload", run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }
}
