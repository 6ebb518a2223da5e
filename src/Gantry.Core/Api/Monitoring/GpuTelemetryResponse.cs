namespace Gantry.Core.Api.Monitoring;

/// <summary>GPU telemetry from <see cref="Since"/> to <see cref="Until"/> in steps of <see cref="StepSeconds"/>.</summary>
public sealed record GpuTelemetryResponse(
    DateTimeOffset Since,
    DateTimeOffset Until,
    double StepSeconds,
    IReadOnlyList<GpuTelemetrySeries> Gpus);
