using System.Text.Json;
using Gantry.Core;
using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class DeterminismTests
{
    private static SchedCluster Busy() =>
        Sched.Cluster(Enumerable.Range(0, 12).Select(i => Sched.Node($"n{i}").Gpus(4, i % 3 == 0 ? Sched.A100 : Sched.H100)).ToArray())
            .Running(Sched.Running(100).On("n0", 0, 1).Ends(3000), Sched.Running(101).OnShare("n1", 300, 0).Ends(2000))
            .Queue(Enumerable.Range(1, 40).Select(i => Sched.Job(i).Project($"p{i % 3}").Gpus(i % 5).Cpus(1 + (i % 4))).ToArray());

    // Everything but the stats (which hold timings when asked for).
    internal static string Fingerprint(Plan plan) => JsonSerializer.Serialize(plan with { Stats = new PlanStats(0, 0, 0, 0, 0) }, GantryJson.Options);

    [Theory]
    [InlineData(PlacementPolicy.Random)]
    [InlineData(PlacementPolicy.Fgd)]
    [InlineData(PlacementPolicy.Gantry)]
    public void SameSnapshot_SameSeed_SamePlan(PlacementPolicy policy)
    {
        var options = new SchedulerOptions { Placement = policy, Seed = 7 };
        var snapshot = Busy().Snapshot();

        Assert.Equal(Fingerprint(new GantryScheduler(options).Schedule(snapshot)), Fingerprint(new GantryScheduler(options).Schedule(snapshot)));
    }

    [Fact]
    public void RandomPlacement_DependsOnTheSeed()
    {
        var snapshot = Busy().Snapshot();
        var plans = Enumerable.Range(0, 5)
            .Select(seed => Fingerprint(new GantryScheduler(new SchedulerOptions { Placement = PlacementPolicy.Random, Seed = seed }).Schedule(snapshot)))
            .Distinct();

        Assert.True(plans.Count() > 1);
    }
}
