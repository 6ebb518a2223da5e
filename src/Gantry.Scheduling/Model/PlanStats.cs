namespace Gantry.Scheduling.Model;

/// <summary>
/// Counters of one cycle, and when the options pass a <see cref="TimeProvider"/> for timing, the
/// seconds each phase took (and, if asked, each placement decision).
/// </summary>
public sealed record PlanStats(int Considered, int Admitted, int Pending, int Preempted, int Reservations)
{
    public IReadOnlyDictionary<string, double> PhaseSeconds { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<double> DecisionSeconds { get; init; } = [];
}
