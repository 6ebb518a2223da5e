namespace Gantry.Scheduling.Model;

/// <summary>Slurm-style decayed usage: old use counts half as much every half-life.</summary>
public static class UsageDecay
{
    /// <summary>
    /// The decayed usage after <paramref name="elapsedSeconds"/> more seconds in which
    /// <paramref name="used"/> resources were held: <c>previous·2^(-Δ/h) + used·Δ</c>.
    /// </summary>
    public static ResourceVector Advance(ResourceVector previous, ResourceVector used, double elapsedSeconds, double halfLifeSeconds)
    {
        var factor = halfLifeSeconds <= 0 ? 0 : Math.Pow(2, -elapsedSeconds / halfLifeSeconds);
        return new ResourceVector(
            Step(previous.GpuMilli, used.GpuMilli, factor, elapsedSeconds),
            Step(previous.CpuMilli, used.CpuMilli, factor, elapsedSeconds),
            Step(previous.MemoryBytes, used.MemoryBytes, factor, elapsedSeconds));
    }

    private static long Step(long previous, long used, double factor, double seconds)
    {
        var value = previous * factor + Math.Min(used, ResourceVector.Unlimited) * seconds;
        return value >= ResourceVector.Unlimited ? ResourceVector.Unlimited : (long)value;
    }
}
