using System.Diagnostics;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class RestartTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RunningJob_SurvivesAServerRestart_AndIsReattached()
    {
        var spec = TestServer.Shell("echo $$ > \"$GANTRY_OUTPUT/pid\"; while [ ! -f \"$GANTRY_OUTPUT/go\" ]; do sleep 0.05; done; echo finished; exit 4");
        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        await _server.Admin.WaitForAsync(id, j => j.State == JobState.Running);
        var output = Path.Combine(_server.DataDir, "jobs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "output");
        await WaitForFileAsync(Path.Combine(output, "pid"));

        await _server.RestartAsync();
        Assert.Equal(JobState.Running, (await _server.Admin.GetJobAsync(id)).State);
        await File.WriteAllTextAsync(Path.Combine(output, "go"), "", TestContext.Current.CancellationToken);
        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(4, job.ExitCode);
        Assert.Contains("finished", await _server.Admin.LogAsync(id));
    }

    [Fact]
    public async Task JobThatDiedWhileTheServerWasDown_IsFailedAndRetried_NeverLeftRunning()
    {
        var spec = TestServer.Shell(
            "if [ \"$GANTRY_ATTEMPT\" = 2 ]; then echo second-attempt; exit 0; fi; echo $$ > \"$GANTRY_OUTPUT/pid\"; while true; do sleep 0.05; done")
            with
        { MaxRetries = 1 };
        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        await _server.Admin.WaitForAsync(id, j => j.State == JobState.Running);
        var pidFile = Path.Combine(_server.DataDir, "jobs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "output", "pid");
        await WaitForFileAsync(pidFile);

        await _server.App.DisposeAsync();
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await KillProcessGroupAsync(pid);
        await _server.RestartAsync();
        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.Contains("second-attempt", await _server.Admin.LogAsync(id));
    }

    private static async Task KillProcessGroupAsync(int pid)
    {
        var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat", TestContext.Current.CancellationToken);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var pgid = fields[2];
        using var kill = Process.Start("kill", ["-9", "--", "-" + pgid])!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task WaitForFileAsync(string path)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{path} never appeared");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
