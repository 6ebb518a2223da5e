using System.Diagnostics;
using Gantry.Execution.Kubernetes;

namespace Gantry.Execution.Tests.Kubernetes;

/// <summary>The pod's wrapper script, run by this machine's real /bin/sh as a container would run it.</summary>
public sealed class PodWrapperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gantry-podwrapper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task StdoutAndStderr_GoToTheirOwnFiles_AndTheStatusToTheExitFile()
    {
        var exitCode = await RunAsync(["sh", "-c", "echo out; echo err >&2; exit 3"], attempt: 2);

        Assert.Equal(3, exitCode);
        Assert.Equal("out\n", File.ReadAllText(Path.Join(_dir, "stdout.log")));
        Assert.Equal("err\n", File.ReadAllText(Path.Join(_dir, "stderr.log")));
        Assert.Equal("3\n", File.ReadAllText(Path.Join(_dir, "attempt-2.exit")));
        Assert.Equal(3, PodWrapper.ReadExit(_dir, 2)!.ExitCode);
    }

    [Fact]
    public async Task TheUsersArgv_IsPassedUnquoted()
    {
        await RunAsync(["printf", "%s|", "two words", "$HOME", "'q'"], attempt: 1);

        Assert.Equal("two words|$HOME|'q'|", File.ReadAllText(Path.Join(_dir, "stdout.log")));
    }

    [Fact]
    public async Task APodOfAnIndexedJob_WritesItsOwnFiles_AndItsFailureIsTheAttempts()
    {
        await RunAsync(["sh", "-c", "echo zero"], attempt: 1, index: "0");
        await RunAsync(["sh", "-c", "echo two; exit 4"], attempt: 1, index: "2");
        await RunAsync(["sh", "-c", "echo spoofed"], attempt: 1, index: "../x");

        Assert.Equal("zero\nspoofed\n", File.ReadAllText(Path.Join(_dir, "stdout.log")));
        Assert.Equal("two\n", File.ReadAllText(Path.Join(_dir, "stdout.2.log")));
        Assert.Equal("4\n", File.ReadAllText(Path.Join(_dir, "attempt-1.2.exit")));
        Assert.Equal(4, PodWrapper.ReadExit(_dir, 1)!.ExitCode);
        PodWrapper.DeleteExits(_dir, 1);
        Assert.Null(PodWrapper.ReadExit(_dir, 1));
        Assert.Empty(Directory.GetFiles(_dir, "*.exit"));
    }

    [Fact]
    public async Task AMissingProgram_IsExplainedOnStderr()
    {
        var exitCode = await RunAsync(["no-such-program-gantry"], attempt: 1);

        Assert.Equal(127, exitCode);
        Assert.Contains("gantry: cannot run no-such-program-gantry: no such program", File.ReadAllText(Path.Join(_dir, "stderr.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigtermToTheWrapperAlone_ReachesTheCommand_WhoseOwnStatusIsRecorded()
    {
        // As in a container: only the wrapper (PID 1 there) is signalled, never the command's process group.
        var ready = Path.Join(_dir, "ready");
        using var process = Start(["sh", "-c", $"trap 'echo checkpointed; exit 7' TERM; touch '{ready}'; while :; do sleep 0.1; done"], attempt: 1, index: null);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            deadline.CancelAfter(TimeSpan.FromMinutes(1));
            while (!File.Exists(ready))
                await Task.Delay(20, deadline.Token);
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(7, process.ExitCode);
        Assert.Equal("7\n", File.ReadAllText(Path.Join(_dir, "attempt-1.exit")));
        Assert.Equal("checkpointed\n", File.ReadAllText(Path.Join(_dir, "stdout.log")));
    }

    private async Task<int> RunAsync(IReadOnlyList<string> command, int attempt, string? index = null)
    {
        using var process = Start(command, attempt, index);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        return process.ExitCode;
    }

    private Process Start(IReadOnlyList<string> command, int attempt, string? index)
    {
        var argv = PodWrapper.Command(command, _dir, attempt);
        var start = new ProcessStartInfo(argv[0]) { WorkingDirectory = _dir, UseShellExecute = false };
        foreach (var argument in argv.Skip(1))
            start.ArgumentList.Add(argument);
        start.Environment.Remove(PodWrapper.IndexVariable);
        if (index is not null)
            start.Environment[PodWrapper.IndexVariable] = index;
        return Process.Start(start)!;
    }
}
