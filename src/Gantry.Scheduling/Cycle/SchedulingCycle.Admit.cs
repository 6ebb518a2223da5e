using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.Policies;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling;

internal sealed partial class SchedulingCycle
{
    private readonly HashSet<(ShapeKey, int, string)> _preemptionFailures = [];
    private readonly FitFailureCache _constrainedFailures = new();
    private readonly Dictionary<ShapeKey, (int Epoch, WorkNode[]? Nodes)> _unconstrained = [];
    private int _epoch;
    private int _preemptionAttempts;
    private int _terminatingEpoch;
    private readonly HashSet<(ShapeKey, int)> _terminatingFailures = [];

    // Phase 3: order. The heads of the lines go into a priority queue by HeadKey. A line goes back
    // in with its next head after each decision, so the order follows fair share as it changes
    // (a project that just got a job admitted has a larger share and drops back: progressive filling).
    private void Order()
    {
        _heads = new PriorityQueue<ProjectLine, HeadKey>(_lines.Count);
        foreach (var line in _lines)
        {
            if (line.HasHead)
                _heads.Enqueue(line, KeyOf(line));
        }
    }

    private HeadKey KeyOf(ProjectLine line)
    {
        var head = line.Head;
        if (!Gantry)
            return new HeadKey(head.Job.Priority, false, 0, head.Job.SubmitTime, head.Job.Id);
        var borrows = head.Invalid is null && _quotas.Check(head.Project, head.Shape.Total) == QuotaVerdict.Borrows;
        return new HeadKey(head.Job.Priority, borrows, _quotas.FairKey(head.Project), head.Job.SubmitTime, head.Job.Id);
    }

    // Phase 4: admit or preempt, one head at a time, in order.
    private void AdmitOrPreempt()
    {
        var max = _options.MaxJobsPerCycle;
        var timing = _options.RecordDecisionTimes ? _options.Timing : null;
        while (_heads.TryDequeue(out var line, out _))
        {
            var ticket = line.Take();
            ticket.Position = _decided.Count + 1;
            _decided.Add(ticket);
            if (max > 0 && _decided.Count > max)
            {
                ticket.Reason = PendingReason.NotConsidered;
            }
            else if (timing is null)
            {
                Decide(ticket);
            }
            else
            {
                var start = timing.GetTimestamp();
                Decide(ticket);
                _decisionSeconds.Add(timing.GetElapsedTime(start).TotalSeconds);
            }

            if (line.HasHead)
                _heads.Enqueue(line, KeyOf(line));
        }
    }

    private void Decide(JobTicket t)
    {
        if (t.Invalid is not null)
        {
            t.Reason = PendingReason.Invalid;
            return;
        }

        var shape = t.Shape;
        var verdict = _quotas.Check(t.Project, shape.Total);
        if (t.NeverFits)
        {
            // Nothing at home could ever hold it: its wait there is unbounded, so it bursts if it may and quota allows.
            if (verdict is not (QuotaVerdict.OverLimit or QuotaVerdict.NoCohort or QuotaVerdict.CohortFull) && _fifoBlockedBy is null && TryBurst(t, verdict))
                return;
            t.Reason = PendingReason.NeverFits;
            return;
        }

        if (verdict is QuotaVerdict.OverLimit or QuotaVerdict.NoCohort or QuotaVerdict.CohortFull)
        {
            if (verdict != QuotaVerdict.CohortFull && TryPreempt(t, verdict))
                return;
            t.Reason = verdict == QuotaVerdict.CohortFull ? PendingReason.CohortExhausted : PendingReason.QuotaLimit;
            return;
        }

        if (_fifoBlockedBy is { } head)
        {
            t.Reason = PendingReason.BehindHead;
            t.BlockedBy = head;
            return;
        }

        var end = t.Job.TimeLimitSeconds is { } limit ? _snapshot.Now + limit : double.PositiveInfinity;
        var constrained = _book.Count > 0 && end > _book.EarliestStart;
        // Every hold applies to a job that ends after the latest reservation start, so its failures can be cached like plain ones.
        var fullyConstrained = constrained && end > _book.LatestStart;
        if (!_failures.KnownToFail(shape))
        {
            var choices = fullyConstrained && _constrainedFailures.KnownToFail(shape)
                ? null
                : _placer.TryPlace(shape, new PlacementRequest(end, constrained ? _book : null));
            if (choices is not null)
            {
                Admit(t, choices, verdict, end);
                return;
            }

            if (fullyConstrained && !_constrainedFailures.KnownToFail(shape))
                _constrainedFailures.Add(shape);
            if (TryBurst(t, verdict))
                return;

            // Blocked only by reservations? Then it waits so as not to delay them (backfill's rule).
            if (constrained && FitsIgnoringReservations(shape) is { } nodes)
            {
                t.Reason = PendingReason.WouldDelayReservation;
                t.BlockedBy = _book.HolderOf(nodes);
                return;
            }

            _failures.Add(shape);
        }
        else if (TryBurst(t, verdict))
        {
            return;
        }

        // It does not fit now, whatever the reservations.
        if (_options.Queue == QueuePolicy.Fifo)
            _fifoBlockedBy = t.Job.Id;
        if (WaitForTerminating(t) || TryPreempt(t, verdict) || TryReserve(t))
            return;
        t.Reason = PendingReason.Resources;
    }

    /// <summary>
    /// Burst: the job does not fit at home now; if its estimated wait there (the backfill look-ahead: running jobs end
    /// at their time limits, reservations ahead of it are kept) is longer than the threshold, or unbounded, it goes to
    /// one of its burst pools when one has room. Home is always tried first, so a burst never displaces local work.
    /// </summary>
    private bool TryBurst(JobTicket t, QuotaVerdict verdict)
    {
        if (t.BurstShape is not { } burst || _snapshot.BurstAfterSeconds is not { } after)
            return false;
        double? wait = null;
        if (!t.NeverFits && _estimator.Earliest(t.Shape, _book) is { } estimate)
            wait = Math.Max(0, estimate.Start - _snapshot.Now);
        t.Burst = new BurstDecision(wait, after);
        if (wait is { } w && w <= after)
            return false;
        if (_failures.KnownToFail(burst))
            return false;
        var end = t.Job.TimeLimitSeconds is { } limit ? _snapshot.Now + limit : double.PositiveInfinity;
        var constrained = _book.Count > 0 && end > _book.EarliestStart;
        var choices = _placer.TryPlace(burst, new PlacementRequest(end, constrained ? _book : null));
        if (choices is null)
        {
            if (!constrained)
                _failures.Add(burst);
            return false;
        }

        t.Shape = burst;
        Admit(t, choices, verdict, end);
        _admissions[^1] = _admissions[^1] with { Burst = t.Burst };
        return true;
    }

    private void Admit(JobTicket t, NodeChoice[] choices, QuotaVerdict verdict, double end)
    {
        var shape = t.Shape;
        var placements = new NodeAllocation[choices.Length];
        var parts = new ReleasePart[choices.Length];
        for (var i = 0; i < choices.Length; i++)
        {
            var (node, positions) = (choices[i].Node, choices[i].Positions);
            _cluster.Take(node, positions, shape.Milli, shape.Cpu, shape.Memory);
            _book.Consume(node, shape.Cpu, shape.Memory, end);
            var gpus = new GpuShare[positions.Length];
            for (var g = 0; g < positions.Length; g++)
                gpus[g] = new GpuShare(node.Device[positions[g]], shape.Milli);
            placements[i] = new NodeAllocation(node.Name, gpus, shape.Cpu, shape.Memory);
            parts[i] = new ReleasePart(node, positions, Enumerable.Repeat(shape.Milli, positions.Length).ToArray(), shape.Cpu, shape.Memory);
        }

        var usage = shape.Total;
        _quotas.Charge(t.Project, usage);
        if (!double.IsPositiveInfinity(end))
            _timeline.Add(new Release(t.Job.Id, end, parts, false, t.Project, usage));
        t.Admitted = true;
        _epoch++;
        _admissions.Add(new Admission(t.Job.Id, placements, verdict == QuotaVerdict.Borrows, t.Position));
    }

    // Whether the job would fit if no reservation held anything back; remembered until the next admission changes the cluster.
    private WorkNode[]? FitsIgnoringReservations(in JobShape shape)
    {
        var key = shape.Key;
        if (_unconstrained.TryGetValue(key, out var known) && known.Epoch == _epoch)
            return known.Nodes;
        var nodes = _placer.TryPlace(shape, new PlacementRequest(double.PositiveInfinity, null))?.Select(c => c.Node).ToArray();
        _unconstrained[key] = (_epoch, nodes);
        return nodes;
    }

    // Work already asked to stop (preempted in an earlier cycle) frees enough: wait for it, and hold it, rather than preempt more.
    private bool WaitForTerminating(JobTicket t)
    {
        if (!_anyTerminating)
            return false;
        // Failures hold until more work is asked to stop (admissions and holds only take capacity away).
        var key = (t.Shape.Key, _terminatingEpoch);
        if (_terminatingFailures.Contains(key))
            return false;
        var estimate = _estimator.Earliest(t.Shape, _book, onlyTerminating: true);
        if (estimate is null)
        {
            _terminatingFailures.Add(key);
            return false;
        }

        _book.Add(new Reservation(t.Job.Id, estimate.Start, estimate.Nodes, ForPreemption: true), estimate.Slack);
        t.Reason = PendingReason.WaitingForPreemption;
        t.Start = estimate.Start;
        return true;
    }

    private bool TryPreempt(JobTicket t, QuotaVerdict verdict)
    {
        if (!Gantry || !_options.Preemption || !_preemption.HasCandidates || _preemptions.Count >= _options.MaxPreemptionsPerCycle)
            return false;
        var key = (t.Shape.Key, t.Job.Priority, t.Project.Name);
        if (_preemptionFailures.Contains(key) || _preemptionAttempts >= _options.MaxPreemptionAttempts)
            return false;
        _preemptionAttempts++;
        var grace = Math.Max(0, _options.PreemptionGraceSeconds);
        var choice = _preemption.Plan(t.Job.Id, t.Job.Priority, t.Project, t.Shape, verdict, _book, _snapshot.Now, grace);
        if (choice is null || _preemptions.Count + choice.Victims.Count > _options.MaxPreemptionsPerCycle)
        {
            _preemptionFailures.Add(key);
            return false;
        }

        var start = _snapshot.Now + grace;
        foreach (var (victim, reason) in choice.Victims)
        {
            victim.Chosen = true;
            victim.Project.RunningUsed -= victim.Usage;
            _preemptions.Add(new Preemption(victim.Allocation.JobId, t.Job.Id, reason, grace));
            var release = victim.Release;
            var unknownEnd = double.IsPositiveInfinity(release.End);
            release.End = Math.Min(release.End, start);
            release.Terminating = true;
            if (unknownEnd)
                _timeline.Add(release);
            else
                _timeline.Touch();
        }

        _anyTerminating = true;
        _terminatingEpoch++;
        _book.Add(new Reservation(t.Job.Id, start, choice.Place.Nodes, ForPreemption: true), choice.Place.Slack);
        t.Reason = PendingReason.WaitingForPreemption;
        t.Start = start;
        return true;
    }

    // Backfill: the first blocked jobs (up to the depth) get a reservation at their earliest start.
    private bool TryReserve(JobTicket t)
    {
        if (!Backfills || _reservations >= _options.ReservationDepth)
            return false;
        var estimate = _estimator.Earliest(t.Shape, _book);
        if (estimate is null)
            return false;
        _book.Add(new Reservation(t.Job.Id, estimate.Start, estimate.Nodes, ForPreemption: false), estimate.Slack);
        _reservations++;
        t.Reason = PendingReason.Reserved;
        t.Start = estimate.Start;
        return true;
    }
}
