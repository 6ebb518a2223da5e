namespace Gantry.Execution.Telemetry;

/// <summary>
/// Where GPU readings come from: NVML, an <c>nvidia-smi</c> stream, a DCGM exporter, or samples a
/// test injects. The collector calls <see cref="StartAsync"/> once and then <see cref="ReadAsync"/>
/// once per interval; a source keeps whatever is expensive (a library handle, a process) open between.
/// </summary>
public interface ITelemetrySource : IAsyncDisposable
{
    /// <summary>What the source reads, for logs: "nvml", "nvidia-smi", "dcgm-exporter http://…".</summary>
    string Name { get; }

    /// <summary>Prepares the source; false when there is nothing to read here (no driver, no tool, no GPU).</summary>
    Task<bool> StartAsync(CancellationToken cancellationToken);

    /// <summary>The newest reading of every GPU the source sees; empty when it has none right now.</summary>
    Task<IReadOnlyList<GpuSample>> ReadAsync(CancellationToken cancellationToken);
}
