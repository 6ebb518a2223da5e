using System.Collections.Concurrent;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// A source whose samples are handed to it: tests and benchmarks push readings, and machines whose
/// accelerators are only declared (no driver to ask) can be fed by an agent. Each pushed batch is
/// read once; with <see cref="Repeat"/> the last batch is read again at every interval.
/// </summary>
public sealed class InjectedTelemetrySource(string name = "injected") : ITelemetrySource
{
    private readonly ConcurrentQueue<IReadOnlyList<GpuSample>> _pending = new();
    private IReadOnlyList<GpuSample> _last = [];

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>Whether a read with nothing pending returns the last batch again (a steady synthetic load).</summary>
    /// <value>The default value is false: each batch is read once.</value>
    public bool Repeat { get; init; }

    /// <summary>Queues readings for the next read.</summary>
    public void Push(IEnumerable<GpuSample> samples) => _pending.Enqueue(samples.ToArray());

    /// <inheritdoc />
    public Task<bool> StartAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <inheritdoc />
    public Task<IReadOnlyList<GpuSample>> ReadAsync(CancellationToken cancellationToken)
    {
        var all = new List<GpuSample>();
        while (_pending.TryDequeue(out var batch))
        {
            all.AddRange(batch);
            _last = batch;
        }

        return Task.FromResult<IReadOnlyList<GpuSample>>(all.Count == 0 && Repeat ? _last : all);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
