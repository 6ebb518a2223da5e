namespace Gantry.Core.Api.Serving;

/// <summary>Replicas now, and the autoscaler's bounds; null fields stay as they are.</summary>
public sealed record ScaleDeploymentRequest(int? Replicas = null, int? MinReplicas = null, int? MaxReplicas = null);
