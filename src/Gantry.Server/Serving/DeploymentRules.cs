using Gantry.Core.Api.Serving;

namespace Gantry.Server.Serving;

/// <summary>The limits every deployment setting must stay within, each refused with a sentence naming the field.</summary>
internal static class DeploymentRules
{
    public const int MaxReplicas = 64;

    public static string? CheckReplicas(int replicas, int min, int max)
    {
        if (min < 0)
            return "min_replicas must not be negative";
        if (max is < 1 or > MaxReplicas)
            return $"max_replicas must be 1 to {MaxReplicas}";
        if (min > max)
            return $"min_replicas ({min}) must not be above max_replicas ({max})";
        if (replicas < min || replicas > max)
            return $"replicas ({replicas}) must be between min_replicas ({min}) and max_replicas ({max})";
        return null;
    }

    public static string? CheckSettings(int maxBatch, double maxDelayMs, int maxQueueRows, double deadlineMs, string device, int intra, int inter)
    {
        if (maxBatch is < 1 or > 65536)
            return "max_batch must be 1 to 65536 rows (1 turns batching off)";
        if (!double.IsFinite(maxDelayMs) || maxDelayMs < 0 || maxDelayMs > 10_000)
            return "max_delay_ms must be 0 to 10000";
        if (maxQueueRows < maxBatch || maxQueueRows > 1 << 24)
            return $"max_queue_rows must be at least max_batch ({maxBatch}) and at most {1 << 24}";
        if (!double.IsFinite(deadlineMs) || deadlineMs <= 0 || deadlineMs > 3_600_000)
            return "deadline_ms must be above 0 and at most 3600000 (one hour)";
        if (device is not ("cpu" or "cuda"))
            return $"device '{device}' must be cpu or cuda";
        if (intra is < 0 or > 256 || inter is < 0 or > 256)
            return "intra_op_threads and inter_op_threads must be 0 (ONNX Runtime's choice) to 256";
        return null;
    }

    public static string? CheckLimits(double? rps, int? burst, long? quota)
    {
        if (rps is { } r && (!double.IsFinite(r) || r <= 0))
            return "rate_limit_rps must be above zero";
        if (burst is < 1)
            return "rate_limit_burst must be at least 1";
        if (quota is < 0)
            return "prediction_quota must not be negative (0 is no limit)";
        return null;
    }

    /// <summary>Replicas, min and max from a create request: replicas alone pins all three; bounds alone start at max(min, 1).</summary>
    public static (int Replicas, int Min, int Max) Resolve(int? replicas, int? min, int? max)
    {
        if (min is null && max is null)
        {
            var fixedCount = replicas ?? 1;
            return (fixedCount, fixedCount == 0 ? 0 : fixedCount, Math.Max(fixedCount, 1));
        }

        var low = min ?? 0;
        var high = max ?? Math.Max(low, replicas ?? 1);
        return (replicas ?? Math.Min(Math.Max(low, 1), high), low, high);
    }

    /// <summary>The new replicas, min and max from a scale request and the current ones.</summary>
    public static (int Replicas, int Min, int Max) Rescale(ScaleDeploymentRequest request, int replicas, int min, int max)
    {
        if (request.Replicas is { } only && request.MinReplicas is null && request.MaxReplicas is null && (only < min || only > max))
            return (only, Math.Min(min, only), Math.Max(max, only));
        var low = request.MinReplicas ?? min;
        var high = request.MaxReplicas ?? max;
        var count = request.Replicas ?? Math.Clamp(replicas, Math.Min(low, high), Math.Max(low, high));
        return (count, low, high);
    }
}
