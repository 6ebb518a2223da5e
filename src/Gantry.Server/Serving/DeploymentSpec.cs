using Gantry.Serving;
using Gantry.Storage.Records;

namespace Gantry.Server.Serving;

/// <summary>What a live deployment runs with: an immutable copy of its stored record.</summary>
internal sealed record DeploymentSpec(
    string Name,
    string Project,
    string Model,
    int Version,
    int Replicas,
    int MinReplicas,
    int MaxReplicas,
    DeploymentSettings Settings,
    double? RateLimitRps,
    int? RateLimitBurst,
    long? PredictionQuota)
{
    public string VersionText { get; } = Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool Autoscaled => MinReplicas != MaxReplicas;

    public static DeploymentSpec From(DeploymentRecord r) => new(
        r.Name,
        r.Project,
        r.Model,
        r.ModelVersion,
        r.Replicas,
        r.MinReplicas,
        r.MaxReplicas,
        new DeploymentSettings(
            r.MaxBatch,
            TimeSpan.FromMilliseconds(r.MaxDelayMs),
            r.MaxQueueRows,
            TimeSpan.FromMilliseconds(r.DeadlineMs),
            r.Device,
            r.IntraOpThreads,
            r.InterOpThreads),
        r.RateLimitRps,
        r.RateLimitBurst,
        r.PredictionQuota);

    /// <summary>Whether going from this spec to <paramref name="next"/> needs new sessions (a rolling swap), not just a scale.</summary>
    public bool NeedsSwapFor(DeploymentSpec next) => next.Version != Version || next.Settings != Settings;
}
