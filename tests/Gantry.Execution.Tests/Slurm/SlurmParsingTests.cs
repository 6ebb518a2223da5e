using Gantry.Execution.Slurm;

namespace Gantry.Execution.Tests.Slurm;

public sealed class SlurmParsingTests
{
    private static readonly SlurmExecutorOptions Options = new() { GpuMemoryBytes = { ["a100"] = 80L << 30 } };

    [Fact]
    public void Sinfo_NodesWithGres_BecomeAccelerators()
    {
        const string text = """
            gpu01|64|512000|gpu:a100:4(S:0-1)|idle
            gpu01|64|512000|gpu:a100:4(S:0-1)|idle
            gpu02|32|256000|gpu:2,mps:100|mixed
            cpu01|16|64000|(null)|allocated
            """;
        var result = SinfoParser.Parse(text, Options);

        Assert.Equal(["gpu01", "gpu02", "cpu01"], result.Nodes.Select(n => n.Name));
        var a100 = result.Nodes[0];
        Assert.Equal(64, a100.Cpus);
        Assert.Equal(512000L << 20, a100.MemoryBytes);
        Assert.Equal([0, 1, 2, 3], a100.Accelerators.Select(a => a.Index));
        Assert.All(a100.Accelerators, a => Assert.Equal(("a100", 80L << 30, "nvidia"), (a.Model, a.MemoryBytes, a.Vendor)));
        Assert.Equal(["gpu", "gpu"], result.Nodes[1].Accelerators.Select(a => a.Model));
        Assert.Empty(result.Nodes[2].Accelerators);
    }

    [Fact]
    public void Sinfo_UnusableNodes_AreLeftOutWithTheReason()
    {
        var result = SinfoParser.Parse("n1|8|1000|gpu:1|drained\nn2|8|1000|gpu:1|down*\nn3|8|1000|gpu:1|idle\nbroken line\n", Options);

        Assert.Equal(["n3"], result.Nodes.Select(n => n.Name));
        Assert.Contains(result.Skipped, s => s.StartsWith("n1: state drained", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.StartsWith("n2: state down*", StringComparison.Ordinal));
        Assert.Equal(3, result.Skipped.Count);
    }

    [Fact]
    public void Gres_SeveralTypes_AreNumberedInOrder()
    {
        var gpus = SinfoParser.Gpus("n", "gpu:t4:1(S:0),gpu:a100:2(S:0,1)", Options);

        Assert.Equal([("t4", 0), ("a100", 1), ("a100", 2)], gpus.Select(g => (g.Model, g.Index)));
    }

    [Fact]
    public void Scontrol_FinalJob_GivesStateAndExitCode()
    {
        var state = SlurmJobState.ParseScontrol("JobId=7 JobName=gantry-1 JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 RunTime=00:00:01")!;

        Assert.True(state.IsFinal);
        Assert.Equal(("FAILED", 3, (int?)null, "NonZeroExitCode"), (state.State, state.ExitCode, state.Signal, state.Reason));
        Assert.Equal(new TaskExit(3, null, "exited with code 3 (Slurm state FAILED)"), state.ToExit(null));
    }

    [Fact]
    public void Scontrol_Signal_IsReported()
    {
        var state = SlurmJobState.ParseScontrol("JobState=FAILED ExitCode=0:9")!;

        Assert.Equal(9, state.ToExit(null).Signal);
    }

    [Fact]
    public void RecordedExit_WinsOverSlurmsView_AndKeepsWhySlurmStoppedIt()
    {
        var state = SlurmJobState.ParseScontrol("JobState=TIMEOUT ExitCode=0:15")!;
        var exit = state.ToExit(new TaskExit(143, 15, "ended by signal 15 (SIGTERM)"));

        Assert.Equal(143, exit.ExitCode);
        Assert.Contains("Slurm ended it at its time limit", exit.Reason);
        Assert.Contains("Slurm ended it at its time limit", state.ToExit(null).Reason);
    }

    [Theory]
    [InlineData("PENDING", false)]
    [InlineData("RUNNING", false)]
    [InlineData("COMPLETING", false)]
    [InlineData("COMPLETED", true)]
    [InlineData("CANCELLED", true)]
    [InlineData("OUT_OF_MEMORY", true)]
    public void States_FinalOrNot(string name, bool final) =>
        Assert.Equal(final, new SlurmJobState(name, null, null, null).IsFinal);

    [Fact]
    public void Squeue_Lines_MapIdsToStates()
    {
        var states = SlurmJobState.ParseSqueue("12|RUNNING|None\n13_2|PENDING|Resources\n\n");

        Assert.Equal("RUNNING", states["12"].State);
        Assert.Equal("Resources", states["13_2"].Reason);
    }

    [Theory]
    [InlineData("""{"slurm":"123","dir":"/data/jobs/4","attempt":2}""", true)]
    [InlineData("""{"slurm":"12_3","dir":"/data/jobs/4","attempt":1}""", true)]
    [InlineData("""{"slurm":"12; rm -rf /","dir":"/data/jobs/4","attempt":1}""", false)]
    [InlineData("""{"slurm":"123","dir":"relative","attempt":1}""", false)]
    [InlineData("""{"pid":5,"start":1,"dir":"/d","attempt":1}""", false)]
    [InlineData("not json", false)]
    public void Handle_RoundTrips_AndRejectsForeignOrUnsafeText(string text, bool valid)
    {
        Assert.Equal(valid, SlurmHandle.TryParse(text, out var handle));
        if (valid)
            Assert.Equal(text, handle!.Format());
    }
}
