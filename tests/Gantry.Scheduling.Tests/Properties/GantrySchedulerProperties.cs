using CsCheck;
using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;
using Gantry.Scheduling.Tests.Policies;

namespace Gantry.Scheduling.Tests.Properties;

/// <summary>
/// Invariants of <see cref="GantryScheduler"/> over random clusters, running work, quotas, queues
/// and options (every queue and placement policy). CsCheck shrinks a failure to a small case.
/// </summary>
public sealed class GantrySchedulerProperties
{
    private const int Iterations = 400;

    private static void Holds(Func<SchedulingSnapshot, Plan, List<string>> invariant) =>
        Scenario.Any.Sample(s =>
        {
            var snapshot = s.Snapshot();
            var errors = invariant(snapshot, new GantryScheduler(s.Options).Schedule(snapshot));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }, iter: Iterations);

    [Fact]
    public void NeverOverAllocates_AGpu_AShareOfOne_CpusOrMemory() => Holds(PlanInvariants.Capacity);

    [Fact]
    public void Gangs_AreAllOrNothing() => Holds(PlanInvariants.Gangs);

    [Fact]
    public void AJob_IsNeverPlacedOutsideItsAllowedPools_AndBurstsOnlyPastTheThreshold() => Holds(PlanInvariants.AllowedPools);

    [Fact]
    public void Quotas_AndLimits_AreRespected_ExceptByBorrowingFromTheCohort() => Holds(PlanInvariants.Quotas);

    [Fact]
    public void OnlyLowerPriorityOrBorrowedPreemptibleWork_IsPreempted() => Holds(PlanInvariants.Preemptions);

    [Fact]
    public void EveryQueuedJob_IsAdmittedOrExplained_ExactlyOnce() => Holds(PlanInvariants.Decided);

    [Fact]
    public void JobsWaitingForResources_DoNotFitWhatIsLeft() => Holds(PlanInvariants.WorkConserving);

    [Fact]
    public void SameSnapshot_SameSeed_SamePlan() =>
        Scenario.Any.Sample(s => Assert.Equal(DeterminismTests.Fingerprint(s.Schedule()), DeterminismTests.Fingerprint(s.Schedule())), iter: Iterations);

    [Fact]
    public void Plan_DoesNotDependOnTheOrderOfTheQueue() =>
        Scenario.Any.SelectMany(s => Gen.Shuffle(s.Queue.ToArray()).Select(shuffled => (s, shuffled)))
            .Sample((s, shuffled) => Assert.Equal(DeterminismTests.Fingerprint(s.Schedule()), DeterminismTests.Fingerprint(s.Schedule(shuffled))), iter: Iterations);

    [Fact]
    public void EveryPendingJob_HasAnExplanationInWords() =>
        Scenario.Any.Sample(s =>
        {
            foreach (var p in s.Schedule().Pending)
                Assert.StartsWith($"Job {p.JobId} is waiting", p.Describe(), StringComparison.Ordinal);
        }, iter: 100);
}
