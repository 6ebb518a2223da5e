using Gantry.Execution.Discovery;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Tests.Discovery;

public sealed class CommandRunnerTests
{
    private static CommandRunner Runner(TimeSpan timeout) => new(NullLogger.Instance, TimeProvider.System, timeout);

    [Fact]
    public async Task Run_ReturnsStandardOutput()
    {
        var output = await Runner(TimeSpan.FromSeconds(30)).RunAsync("echo", ["hello", "world"], ExecutableSearch.PathDirectories(), TestContext.Current.CancellationToken);

        Assert.Equal("hello world\n", output);
    }

    [Fact]
    public async Task Run_HungProgram_IsKilledAndAnswersNull()
    {
        var output = await Runner(TimeSpan.FromMilliseconds(300)).RunAsync("sleep", ["600"], ExecutableSearch.PathDirectories(), TestContext.Current.CancellationToken);

        Assert.Null(output);
    }

    [Fact]
    public async Task Run_MissingProgram_AnswersNull()
    {
        var output = await Runner(TimeSpan.FromSeconds(30)).RunAsync("gantry-no-such-tool", [], ["/nonexistent"], TestContext.Current.CancellationToken);

        Assert.Null(output);
    }

    [Fact]
    public async Task Run_FailingProgram_AnswersNull()
    {
        var output = await Runner(TimeSpan.FromSeconds(30)).RunAsync("sh", ["-c", "echo partial; exit 9"], ExecutableSearch.PathDirectories(), TestContext.Current.CancellationToken);

        Assert.Null(output);
    }
}
