using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gantry.Core;
using Gantry.Planning;
using Gantry.Planning.Plans;

namespace Gantry.Cli.Commands.Planning;

/// <summary>Reads the plan JSON that <c>gantry plan train|finetune|serve --json</c> wrote and says what it needs.</summary>
internal static class WorkloadFile
{
    // Plans from a newer Gantry may carry fields this one does not know; the required ones must be there.
    private static readonly JsonSerializerOptions Lenient = new(GantryJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    public static Outcome<WorkloadNeeds> Read(string text, string path, Planner planner)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return NotAPlan(path);
            var root = doc.RootElement;
            if (root.TryGetProperty("kv_cache_bytes_per_token", out _))
                return Serve(root.Deserialize<ServePlan>(Lenient)!);
            if (root.TryGetProperty("method", out _))
                return Finetune(root.Deserialize<FinetunePlan>(Lenient)!, planner);
            if (root.TryGetProperty("total_flops_with_attention", out _))
                return Train(root.Deserialize<TrainPlan>(Lenient)!, planner);
            if (root.TryGetProperty("break_even_utilization", out _) || root.TryGetProperty("used_gpu_hours", out _))
                return GantryError.Invalid($"{path} is a TCO plan, which prices a fleet but sizes no workload; give a train, finetune or serve plan");
            return NotAPlan(path);
        }
        catch (JsonException ex)
        {
            return GantryError.Invalid($"{path} is not a plan written by `gantry plan … --json`: {ex.Message}");
        }
    }

    private static GantryError NotAPlan(string path) =>
        GantryError.Invalid($"{path} is not a plan written by `gantry plan train|finetune|serve --json`");

    private static WorkloadNeeds Train(TrainPlan p, Planner planner) => new()
    {
        Kind = "train",
        Gpu = p.Gpu,
        Gpus = p.Gpus,
        MinGpus = p.MinGpus,
        MemoryPerGpuBytes = p.MemoryPerGpuBytes,
        Layout = Layout(p.Tp, p.Pp, p.Dp, p.ZeroStage),
        StorageBytes = p.StorageBytes,
        StorageDetail = $"checkpoints ({PlanText.Bytes(p.CheckpointBytes)} each), tokenised data {PlanText.Bytes(p.DatasetBytes)} and raw text {PlanText.Bytes(p.RawTextBytes)}",
        WallClockHours = p.WallClockHours,
        GpuHours = p.GpuHours,
        Replan = (gpu, gpus) =>
        {
            var again = planner.Train(new TrainPlanInput
            {
                Model = p.Model,
                Params = Exact(p.Params),
                Tokens = Exact(p.Tokens),
                Gpu = gpu,
                Gpus = gpus,
                SeqLen = p.SeqLen,
                MicroBatch = p.MicroBatch,
                Precision = p.Precision,
            });
            return again.IsOk
                ? new Replanned(again.Value.WallClockHours, again.Value.Fits, again.Value.MinGpus, again.Value.Mfu,
                    Layout(again.Value.Tp, again.Value.Pp, again.Value.Dp, again.Value.ZeroStage))
                : again.Error;
        },
    };

    private static WorkloadNeeds Finetune(FinetunePlan p, Planner planner) => new()
    {
        Kind = "finetune",
        Gpu = p.Gpu,
        Gpus = p.Gpus,
        MinGpus = p.MinGpus,
        MemoryPerGpuBytes = p.MemoryPerGpuBytes,
        Layout = p.Method == FinetuneMethod.Full ? Layout(p.Tp ?? 1, p.Pp ?? 1, null, p.ZeroStage ?? 0) : $"{p.Method.ToString().ToLowerInvariant()}, weights spread over {p.Gpus} GPUs",
        StorageBytes = p.WeightsBytes + p.CheckpointBytes,
        StorageDetail = $"the base weights {PlanText.Bytes(p.WeightsBytes)} and the trained checkpoint {PlanText.Bytes(p.CheckpointBytes)}",
        WallClockHours = p.WallClockHours,
        GpuHours = p.GpuHours,
        Replan = (gpu, gpus) =>
        {
            var again = planner.Finetune(new FinetunePlanInput
            {
                Model = p.Model,
                Params = Exact(p.Params),
                Method = p.Method,
                Gpu = gpu,
                Gpus = gpus,
                Tokens = p.Tokens is { } t ? Exact(t) : null,
                LoraRank = p.LoraRank,
                SeqLen = p.SeqLen,
                MicroBatch = p.MicroBatch,
            });
            return again.IsOk
                ? new Replanned(again.Value.WallClockHours, again.Value.Fits, again.Value.MinGpus, again.Value.Mfu ?? 0, $"{again.Value.Gpus} GPUs")
                : again.Error;
        },
    };

    private static WorkloadNeeds Serve(ServePlan p) => new()
    {
        Kind = "serve",
        Gpu = p.Gpu,
        Gpus = p.GpusNeeded,
        MinGpus = p.GpusPerReplica,
        MemoryPerGpuBytes = p.MemoryPerGpuBytes,
        Layout = $"{p.GpusPerReplica} GPUs per replica × {p.Replicas} replicas",
        StorageBytes = p.WeightsBytes,
        StorageDetail = "the weights",
    };

    private static string Layout(int tp, int pp, int? dp, int zero) =>
        $"tp {tp} × pp {pp}{(dp is { } d ? $" × dp {d}" : "")}, ZeRO {zero}";

    private static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
