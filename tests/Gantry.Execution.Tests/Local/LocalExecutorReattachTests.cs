using System.Diagnostics;
using Gantry.Execution.Local;
using Gantry.Execution.Tests.Support;
using static Gantry.Execution.Tests.Support.TaskHarness;

namespace Gantry.Execution.Tests.Local;

public sealed class LocalExecutorReattachTests
{
    [Fact]
    public async Task NewExecutorInstance_ReattachesByHandle_AndLearnsTheRealExitCode()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh("touch \"$GANTRY_OUTPUT/ready\"; while [ ! -e \"$GANTRY_OUTPUT/go\" ]; do sleep 0.05; done; exit 5"));
        await harness.WaitForOutputFileAsync("ready");
        var restarted = NewExecutor();

        Assert.True(await restarted.IsAliveAsync(handle, Token));
        var waiting = restarted.WaitForExitAsync(handle, Token);
        Assert.False(waiting.IsCompleted);
        File.WriteAllText(harness.OutputFile("go"), "");
        var exit = await waiting.WaitAsync(TimeSpan.FromSeconds(60), Token);

        Assert.Equal(5, exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.False(await restarted.IsAliveAsync(handle, Token));
    }

    [Fact]
    public async Task HandleWithAnotherStartTime_IsNotAlive_AndIsNotSignalled()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh("touch \"$GANTRY_OUTPUT/ready\"; sleep 1000"));
        await harness.WaitForOutputFileAsync("ready");
        Assert.True(LocalHandle.TryParse(handle, out var real));
        var impostor = (real with { StartTime = real.StartTime + 1 }).Format();
        var restarted = NewExecutor();

        Assert.False(await restarted.IsAliveAsync(impostor, Token));
        await restarted.CancelAsync(impostor, TimeSpan.Zero, Token);

        Assert.True(await restarted.IsAliveAsync(handle, Token));
    }

    [Fact]
    public async Task ProcessThatEndedUnwatched_WithoutExitFile_HasUnknownExitCode()
    {
        using var dir = new TempDirectory();
        using var process = Process.Start(new ProcessStartInfo("sleep", "1000") { UseShellExecute = false })!;
        var start = ProcStat.Read(process.Id)!.Value.StartTime;
        var handle = new LocalHandle(process.Id, start, dir.Path, 1).Format();
        var executor = NewExecutor();
        Assert.True(await executor.IsAliveAsync(handle, Token));

        process.Kill();
        await process.WaitForExitAsync(Token);
        var exit = await executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);

        Assert.Null(exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.False(exit.Succeeded);
        Assert.Equal("the process ended while no Gantry server watched it; its exit status is unknown", exit.Reason);
    }

    [Fact]
    public async Task ForeignHandle_IsNotAlive_AndEndsWithAReason()
    {
        var executor = NewExecutor();

        Assert.False(await executor.IsAliveAsync("slurm:12345", Token));
        await executor.CancelAsync("slurm:12345", TimeSpan.Zero, Token);
        var exit = await executor.WaitForExitAsync("slurm:12345", Token);

        Assert.Null(exit.ExitCode);
        Assert.NotNull(exit.Reason);
    }
}
