using Gantry.Core.Api.Serving;
using Gantry.Storage.Records;

namespace Gantry.Server.Serving;

internal static class DeploymentViews
{
    /// <summary>The stored deployment and, when it runs in this process, how it runs now.</summary>
    public static DeploymentView View(DeploymentRecord r, LiveDeployment? live)
    {
        var model = live?.Slot?.Model;
        return new DeploymentView
        {
            Name = r.Name,
            Project = r.Project,
            Model = r.Model,
            Version = r.ModelVersion,
            ServingVersion = live?.Slot is null ? null : live.Spec.Version,
            Status = live?.Status ?? "stopped",
            Reason = live?.Failure ?? r.Reason,
            Replicas = live?.TargetReplicas ?? r.Replicas,
            ReadyReplicas = model?.ReadyReplicas ?? 0,
            MinReplicas = r.MinReplicas,
            MaxReplicas = r.MaxReplicas,
            MaxBatch = r.MaxBatch,
            MaxDelayMs = r.MaxDelayMs,
            MaxQueueRows = r.MaxQueueRows,
            DeadlineMs = r.DeadlineMs,
            Device = r.Device,
            IntraOpThreads = r.IntraOpThreads,
            InterOpThreads = r.InterOpThreads,
            RateLimitRps = r.RateLimitRps,
            RateLimitBurst = r.RateLimitBurst,
            PredictionQuota = r.PredictionQuota,
            QueuedRequests = model?.QueuedRequests ?? 0,
            QueuedRows = model?.QueuedRows ?? 0,
            Endpoint = $"/v2/models/{r.Name}/infer",
            CreatedBy = r.CreatedBy,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs),
            UpdatedBy = r.UpdatedBy,
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAtMs),
        };
    }
}
