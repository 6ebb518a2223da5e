using Gantry.Execution.Telemetry;

namespace Gantry.Server.Monitoring;

/// <summary>A GPU reading with its node resolved and the job that held the GPU when it was read.</summary>
internal sealed record AttributedSample(string Node, GpuSample Sample, long? JobId, string? Project, DateTimeOffset At);
