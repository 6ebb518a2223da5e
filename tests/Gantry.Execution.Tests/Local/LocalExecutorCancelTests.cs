using System.Globalization;
using Gantry.Execution.Local;
using Gantry.Execution.Tests.Support;
using static Gantry.Execution.Tests.Support.TaskHarness;

namespace Gantry.Execution.Tests.Local;

public sealed class LocalExecutorCancelTests
{
    private static readonly TimeSpan LongGrace = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cancel_KillsTheWholeProcessGroup_GrandchildrenIncluded()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh(
            "sleep 1000 & echo $! > \"$GANTRY_OUTPUT/pids.tmp\"; sleep 1000 & echo $! >> \"$GANTRY_OUTPUT/pids.tmp\"; "
            + "echo $$ >> \"$GANTRY_OUTPUT/pids.tmp\"; mv \"$GANTRY_OUTPUT/pids.tmp\" \"$GANTRY_OUTPUT/pids\"; wait"));
        await harness.WaitForOutputFileAsync("pids");
        var pids = File.ReadAllLines(harness.OutputFile("pids")).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.True(IsRunning(pid), $"process {pid} should run before the cancel"));

        // A signal that reaches a child between fork and exec can be lost in the shell: wait for the exec.
        await Eventually.TrueAsync(() => pids.Take(2).All(pid => Command(pid) == "sleep"), "the grandchildren to exec sleep");

        await harness.Executor.CancelAsync(handle, LongGrace, Token);

        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} survived the cancel"));
        Assert.False(await harness.Executor.IsAliveAsync(handle, Token));
        var exit = await harness.Executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.False(exit.Succeeded);
        Assert.Equal(15, exit.Signal);
        Assert.Equal(143, exit.ExitCode);
    }

    [Fact]
    public async Task Cancel_SendsSigtermFirst_SoATaskCanStopGracefully()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh(
            "trap 'echo saving checkpoint; echo saved > \"$GANTRY_OUTPUT/checkpoint\"; exit 0' TERM; "
            + "touch \"$GANTRY_OUTPUT/ready\"; while :; do sleep 0.05; done"));
        await harness.WaitForOutputFileAsync("ready");

        await harness.Executor.CancelAsync(handle, LongGrace, Token);

        var exit = await harness.Executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.True(exit.Succeeded, exit.Reason);
        Assert.Equal("saved\n", File.ReadAllText(harness.OutputFile("checkpoint")));
        Assert.Contains("saving checkpoint", harness.Log(LogStream.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_TaskIgnoringSigterm_IsKilledAfterTheGrace()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh("trap '' TERM; touch \"$GANTRY_OUTPUT/ready\"; while :; do sleep 1; done"));
        await harness.WaitForOutputFileAsync("ready");

        await harness.Executor.CancelAsync(handle, TimeSpan.FromMilliseconds(200), Token);

        Assert.False(await harness.Executor.IsAliveAsync(handle, Token));
        var exit = await harness.Executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.Equal(9, exit.Signal);
        Assert.Equal(137, exit.ExitCode);

        // Recorded for a server that comes later and was not watching.
        var later = await NewExecutor().WaitForExitAsync(handle, Token);
        Assert.Equal(9, later.Signal);
    }

    [Fact]
    public async Task Cancel_IsIdempotent_AndFineOnAnEndedTask()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh("exit 4"));
        var exit = await harness.Executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);

        await harness.Executor.CancelAsync(handle, LongGrace, Token);
        await harness.Executor.CancelAsync(handle, LongGrace, Token);

        Assert.Equal(4, exit.ExitCode);
        Assert.Equal(4, (await harness.Executor.WaitForExitAsync(handle, Token)).ExitCode);
    }

    [Fact]
    public async Task Cancel_OnAReattachedHandle_StopsTheTask()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh("touch \"$GANTRY_OUTPUT/ready\"; sleep 1000"));
        await harness.WaitForOutputFileAsync("ready");
        var restarted = NewExecutor();

        await restarted.CancelAsync(handle, LongGrace, Token);

        Assert.False(await restarted.IsAliveAsync(handle, Token));
        var exit = await restarted.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.Equal(15, exit.Signal);
    }

    private static bool IsRunning(int pid) => ProcStat.Read(pid) is { HasEnded: false };

    private static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
