using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.Policies;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling;

/// <summary>
/// One scheduling cycle, written as numbered phases (Kueue's scheduler):
/// 0 snapshot (working state) → 1 heads → 2 nominate → 3 order → 4 admit/preempt → 5 requeue
/// (explanations). Each phase is cheap: indexes instead of scans, per-cycle caches of failed
/// shapes and estimates. The cycle owns a mutable copy of the snapshot; the snapshot is never changed.
/// </summary>
internal sealed partial class SchedulingCycle
{
    private readonly SchedulingSnapshot _snapshot;
    private readonly SchedulerOptions _options;
    private readonly Dictionary<string, double> _phaseSeconds = new(StringComparer.Ordinal);
    private readonly List<double> _decisionSeconds = [];
    private readonly List<Admission> _admissions = [];
    private readonly List<Preemption> _preemptions = [];
    private readonly List<JobTicket> _decided = [];
    private readonly FitFailureCache _failures = new();
    private readonly Random _random;

    private WorkCluster _cluster = null!;
    private QuotaBook _quotas = null!;
    private Placer _placer = null!;
    private ReleaseTimeline _timeline = null!;
    private ReservationBook _book = null!;
    private StartEstimator _estimator = null!;
    private PreemptionPlanner _preemption = null!;
    private List<ProjectLine> _lines = [];
    private List<JobTicket> _tickets = [];
    private PriorityQueue<ProjectLine, HeadKey> _heads = null!;
    private int _reservations;
    private long? _fifoBlockedBy;
    private bool _anyTerminating;

    public SchedulingCycle(SchedulingSnapshot snapshot, SchedulerOptions options)
    {
        _snapshot = snapshot;
        _options = options;
        _random = new Random(unchecked((options.Seed * 397) ^ (int)snapshot.CycleId));
    }

    private bool Gantry => _options.Queue == QueuePolicy.Gantry;

    private bool Backfills => _options.Queue != QueuePolicy.Fifo && _options.ReservationDepth > 0;

    public Plan Run()
    {
        Timed("0-snapshot", BuildWorkingState);
        Timed("1-heads", Heads);
        Timed("2-nominate", Nominate);
        Timed("3-order", Order);
        Timed("4-admit", AdmitOrPreempt);
        List<PendingExplanation> pending = [];
        Timed("5-requeue", () => pending = Requeue());
        var stats = new PlanStats(_decided.Count, _admissions.Count, pending.Count, _preemptions.Count, _reservations)
        {
            PhaseSeconds = _phaseSeconds,
            DecisionSeconds = _decisionSeconds,
        };
        return new Plan(_snapshot.CycleId, _admissions, _preemptions, pending, stats);
    }

    private void Timed(string phase, Action action)
    {
        var timing = _options.Timing;
        if (timing is null)
        {
            action();
            return;
        }

        var start = timing.GetTimestamp();
        action();
        _phaseSeconds[phase] = timing.GetElapsedTime(start).TotalSeconds;
    }
}
