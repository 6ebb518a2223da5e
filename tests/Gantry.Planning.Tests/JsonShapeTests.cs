using System.Text.Json;
using Gantry.Core;
using Gantry.Planning.Plans;

namespace Gantry.Planning.Tests;

public sealed class JsonShapeTests
{
    private static readonly Planner Planner = Planner.Default;

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, GantryJson.Options);

    [Fact]
    public void TrainPlan_HasTheFieldsTheIssueLists()
    {
        var json = Json(Expect.Ok(Planner.Train(new TrainPlanInput { Params = "7B", Tokens = "2T", Gpu = "A100-80GB" })));
        foreach (var field in new[]
                 {
                     "total_flops", "gpu_hours", "wall_clock_hours", "mfu", "model_states_bytes_per_gpu", "memory_per_gpu_bytes",
                     "min_gpus", "checkpoint_bytes", "energy_kwh", "costs", "assumptions",
                 })
            Assert.True(json.TryGetProperty(field, out _), field);
        var cost = json.GetProperty("costs")[0];
        Assert.True(cost.TryGetProperty("option", out _));
        Assert.True(cost.TryGetProperty("total_usd", out _));
        Assert.True(cost.TryGetProperty("usd_per_gpu_hour", out _));
        var assumption = json.GetProperty("assumptions")[0];
        Assert.True(assumption.TryGetProperty("name", out _));
        Assert.True(assumption.TryGetProperty("value", out _));
        Assert.True(assumption.TryGetProperty("source", out _));
        Assert.Equal("selective", json.GetProperty("recompute").GetString());
        Assert.Equal("bf16", json.GetProperty("precision").GetString());
    }

    [Fact]
    public void ServePlan_HasTheFieldsTheIssueLists()
    {
        var json = Json(Expect.Ok(Planner.Serve(new ServePlanInput { Model = "llama-2-7b", Gpu = "H100", Context = 4096, Concurrency = 16 })));
        foreach (var field in new[]
                 {
                     "weights_bytes", "kv_cache_bytes_per_token", "kv_cache_bytes", "gpus_needed", "decode_tokens_per_s_upper_bound",
                     "usd_per_million_tokens", "assumptions",
                 })
            Assert.True(json.TryGetProperty(field, out _), field);
    }

    [Fact]
    public void TcoPlan_HasBreakEvenAndCosts()
    {
        var json = Json(Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.6, Years = 3 })));
        Assert.True(json.TryGetProperty("break_even_utilization", out _));
        Assert.True(json.GetProperty("costs")[0].TryGetProperty("usd_per_year", out _));
        Assert.True(json.TryGetProperty("assumptions", out _));
    }

    [Fact]
    public void Inputs_ReadFromSnakeCaseJson()
    {
        var input = JsonSerializer.Deserialize<TrainPlanInput>(
            """{"params":"7B","tokens":"2T","gpu":"A100-80GB","gpus":64,"zero_stage":3,"recompute":"full","precision":"bf16"}""",
            GantryJson.Options)!;
        Assert.Equal(3, input.ZeroStage);
        Assert.Equal(Recompute.Full, input.Recompute);
        var plan = Expect.Ok(Planner.Train(input));
        Assert.Equal(3, plan.ZeroStage);

        var finetune = JsonSerializer.Deserialize<FinetunePlanInput>("""{"model":"llama-2-7b","method":"qlora","gpu":"L4"}""", GantryJson.Options)!;
        Assert.Equal(FinetuneMethod.Qlora, finetune.Method);
    }
}
