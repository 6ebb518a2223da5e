namespace Gantry.Server.Planning;

/// <summary>GPU allocation over a window from job attempts' start and end times. Pure: the caller reads the records.</summary>
internal static class AllocationHistory
{
    private const double MsPerHour = 3_600_000;

    /// <summary>Σ GPUs × hours of every attempt clamped to [<paramref name="fromMs"/>, <paramref name="toMs"/>], and the peak held at once.</summary>
    public static AllocationMeasure Measure(IEnumerable<HeldInterval> held, long fromMs, long toMs)
    {
        var events = new List<(long At, int Delta)>();
        double gpuMs = 0;
        var jobs = 0;
        foreach (var h in held)
        {
            var start = Math.Max(h.StartMs, fromMs);
            var end = Math.Min(h.EndMs, toMs);
            if (h.Gpus <= 0 || end <= start)
                continue;
            gpuMs += (double)h.Gpus * (end - start);
            jobs++;
            events.Add((start, h.Gpus));
            events.Add((end, -h.Gpus));
        }

        // Releases sort before grants at the same instant: a job that starts as another ends does not stack on it.
        var peak = 0;
        var current = 0;
        foreach (var (_, delta) in events.OrderBy(e => e.At).ThenBy(e => e.Delta))
        {
            current += delta;
            peak = Math.Max(peak, current);
        }

        return new AllocationMeasure(gpuMs / MsPerHour, jobs, peak);
    }
}
