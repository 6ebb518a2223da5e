using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gantry.Benchmarks.Serving;

/// <summary>
/// The runtime's allocation samples (GCAllocationTick: one event per ~100 KB allocated, naming the type that crossed
/// the mark) counted by type while it listens: where a hot path's allocations go, in proportion.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _on;

    public void Start() => _on = true;

    public IReadOnlyList<(string Type, long Bytes)> Stop()
    {
        _on = false;
        return _bytesByType.Select(p => (p.Key, p.Value)).OrderByDescending(p => p.Value).ToArray();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
            return;
        var type = eventData.PayloadNames?.IndexOf("TypeName") is { } t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is { } a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }
}
