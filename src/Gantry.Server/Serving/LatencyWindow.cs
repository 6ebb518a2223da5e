namespace Gantry.Server.Serving;

/// <summary>
/// Request latencies since the autoscaler last looked: a fixed ring of the newest samples (enough for a p99) and a
/// count. Written on every request without a lock worth noticing; read once per autoscaler step.
/// </summary>
internal sealed class LatencyWindow
{
    private const int Capacity = 4096;
    private readonly double[] _samples = new double[Capacity];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;
    private long _requests;

    public void Add(double seconds)
    {
        lock (_lock)
        {
            _samples[_next] = seconds;
            _next = (_next + 1) % Capacity;
            if (_count < Capacity)
                _count++;
            _requests++;
        }
    }

    /// <summary>The requests, mean and p99 (seconds) since the last call, and a fresh window.</summary>
    public (long Requests, double Mean, double P99) TakeSnapshot()
    {
        double[] copy;
        long requests;
        lock (_lock)
        {
            copy = _samples.AsSpan(0, _count).ToArray();
            requests = _requests;
            _count = 0;
            _next = 0;
            _requests = 0;
        }

        if (copy.Length == 0)
            return (requests, 0, 0);
        Array.Sort(copy);
        var p99 = copy[Math.Min(copy.Length - 1, (int)Math.Ceiling(copy.Length * 0.99) - 1)];
        return (requests, copy.Average(), p99);
    }
}
