namespace Gantry.Core.Api.Monitoring;

/// <summary>The telemetry of one GPU over a time range, oldest point first.</summary>
public sealed record GpuTelemetrySeries(
    string Node,
    int Gpu,
    string? Uuid,
    string? Model,
    IReadOnlyList<GpuTelemetryPoint> Points);
