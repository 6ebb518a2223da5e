using Gantry.Core.Jobs;

namespace Gantry.Cli.Tests;

public sealed class JobWaitTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Answers each wait like the server: hold for the asked time (on the fake clock), then report.</summary>
    private void AnswerWaits(Func<int, JobState> stateOnCall)
    {
        var calls = 0;
        _cli.Server.On("GET", "/api/v1/jobs/5/wait", r =>
        {
            var seconds = int.Parse(r.QueryValue("timeout")!.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);
            var state = stateOnCall(++calls);
            if (!state.IsFinal())
                _cli.Time.Advance(TimeSpan.FromSeconds(seconds));
            return FakeServer.Json(Make.Job(5, state, exitCode: state == JobState.Succeeded ? 0 : state == JobState.Failed ? 2 : null));
        });
    }

    [Fact]
    public async Task Wait_LoopsUntilTheJobIsFinal_ThenExitsZeroOnSuccess()
    {
        AnswerWaits(call => call < 3 ? JobState.Running : JobState.Succeeded);

        var run = await _cli.RunAsync("job", "wait", "5");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, _cli.Server.Requests.Count);
        Assert.All(_cli.Server.Requests, r => Assert.Equal("30s", r.QueryValue("timeout")));
        Assert.Equal("job 5 succeeded in 1h5m", run.Output.Trim());
    }

    [Fact]
    public async Task Wait_FailedJob_ExitsOne()
    {
        AnswerWaits(_ => JobState.Failed);

        var run = await _cli.RunAsync("job", "wait", "5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("job 5 failed with exit code 2", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_CancelledJob_ExitsOne()
    {
        AnswerWaits(_ => JobState.Cancelled);

        var run = await _cli.RunAsync("job", "wait", "5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("job 5 was cancelled", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_Timeout_ExitsThree_AfterAskingOnlyForTheTimeLeft()
    {
        AnswerWaits(_ => JobState.Running);

        var run = await _cli.RunAsync("job", "wait", "5", "--timeout", "45s");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["30s", "15s"], _cli.Server.Requests.Select(r => r.QueryValue("timeout")));
        Assert.Contains("timed out after 45s", run.Error, StringComparison.Ordinal);
        Assert.Contains("job 5 is running", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_BadTimeout_IsAUsageError()
    {
        var run = await _cli.RunAsync("job", "wait", "5", "--timeout", "forever");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--timeout 'forever'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_StreamsTheText_ForTheAskedStream()
    {
        _cli.Server.On("GET", "/api/v1/jobs/5/logs", _ => new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new System.Net.Http.StringContent("epoch 1 loss 0.5\nepoch 2 loss 0.25 ✓\n"),
        });

        var run = await _cli.RunAsync("job", "logs", "5", "--stderr", "-f");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("epoch 1 loss 0.5\nepoch 2 loss 0.25 ✓\n", run.Output);
        Assert.Equal("stderr", _cli.Server.Requests[0].QueryValue("stream"));
        Assert.Equal("true", _cli.Server.Requests[0].QueryValue("follow"));
    }

    [Fact]
    public async Task Cancel_SaysWhatHappened()
    {
        _cli.Server.OnJson("POST", "/api/v1/jobs/5/cancel", Make.Job(5, JobState.Cancelled));

        var run = await _cli.RunAsync("job", "cancel", "5");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("job 5 cancelled", run.Output.Trim());
    }
}
