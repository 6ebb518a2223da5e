using System.Globalization;
using Gantry.Execution.Slurm;
using Gantry.Execution.Tests.Support;

namespace Gantry.Execution.Tests.Slurm;

/// <summary>The Slurm executor against the real localhost Slurm: a Gantry array as one Slurm array job.</summary>
public sealed class SlurmArrayExecutorTests : IAsyncLifetime
{
    private const int Elements = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly string _prefix = "gx" + Guid.NewGuid().ToString("N")[..10];
    private readonly TempDirectory _root = new();
    private SlurmExecutor? _executor;

    private SlurmExecutor Executor => _executor!;

    private SlurmExecutorOptions Options => new() { JobNamePrefix = _prefix, PollInterval = TimeSpan.FromMilliseconds(200) };

    public ValueTask InitializeAsync()
    {
        SlurmRequirement.Require();
        _executor = new SlurmExecutor(Options);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_executor is not null)
            await _executor.DisposeAsync();
        SlurmRequirement.Run("scancel", "-n", _prefix + "-100");
        _root.Dispose();
    }

    // Each element says who it is, then waits for its go file; SIGTERM ends it with 9, the go file with its index.
    private LaunchRequest Element(int index)
    {
        var jobId = 100 + index;
        const string script = """
            trap 'echo got-term; exit 9' TERM
            echo "element $GANTRY_ARRAY_INDEX job $GANTRY_JOB_ID slurm $GANTRY_SLURM_JOB_ID"
            while [ ! -f "$GANTRY_OUTPUT/go" ]; do sleep 0.1; done
            exit "$GANTRY_ARRAY_INDEX"
            """;
        return new LaunchRequest(jobId, 1, ["/bin/sh", "-c", script], new Dictionary<string, string>(), _root.Combine("jobs", jobId.ToString(CultureInfo.InvariantCulture)),
            "localhost", [], 1, 1L << 20, index)
        {
            ArrayId = 100,
        };
    }

    [Fact]
    public async Task Array_IsOneSlurmJob_EachElementWithItsOwnLogsExitAndIndex_AndOneCancelLeavesTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        var requests = Enumerable.Range(0, Elements).Select(Element).ToArray();

        var outcomes = await Executor.LaunchArrayAsync(requests, ct);

        var handles = outcomes.Select(o => o.IsOk ? o.Value.Handle : throw new InvalidOperationException(o.Error!.Message)).ToArray();
        var ids = handles.Select(h => SlurmHandle.TryParse(h, out var parsed) ? parsed.SlurmJobId : throw new InvalidOperationException(h)).ToArray();
        var arrayJob = ids[0].Split('_')[0];
        Assert.Equal(Enumerable.Range(0, Elements).Select(i => $"{arrayJob}_{i}"), ids);
        var listed = SlurmRequirement.Run("squeue", "-h", "-r", "-t", "all", "-n", _prefix + "-100", "-o", "%F|%K");
        Assert.All(listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith(arrayJob + "|", line, StringComparison.Ordinal));

        // The first element to start is cancelled while it runs; the others carry on.
        var running = await FirstStartedAsync(requests);
        await Executor.CancelAsync(handles[running], TimeSpan.FromSeconds(30), ct);
        var cancelled = await Executor.WaitForExitAsync(handles[running], ct);
        Assert.Equal(9, cancelled.ExitCode);
        Assert.Contains("got-term", Log(requests[running]));

        // A restarted server re-attaches by the stored handles: a fresh executor sees the others alive and follows them.
        await using var restarted = new SlurmExecutor(Options);
        var others = Enumerable.Range(0, Elements).Where(i => i != running).ToArray();
        foreach (var i in others)
            Assert.True(await restarted.IsAliveAsync(handles[i], ct), $"element {i} should still live after element {running} was cancelled");
        foreach (var i in others)
            await File.WriteAllTextAsync(Path.Combine(requests[i].JobDirectory, "output", "go"), "", ct);
        foreach (var i in others)
        {
            var exit = await restarted.WaitForExitAsync(handles[i], ct).WaitAsync(Deadline, ct);
            Assert.Equal(i, exit.ExitCode);
            Assert.Contains($"element {i} job {100 + i} slurm {arrayJob}_{i}", Log(requests[i]));
            Assert.DoesNotContain("got-term", Log(requests[i]));
        }
    }

    [Fact]
    public async Task LastElement_CancelledRightAfterSubmission_EndsWithoutSuccess_AndTheOthersStillRun()
    {
        var ct = TestContext.Current.CancellationToken;

        // More elements than the node has CPUs for: the last waits in Slurm's queue while the others hold the CPUs.
        var requests = Enumerable.Range(0, Elements).Select(Element).ToArray();
        var handles = (await Executor.LaunchArrayAsync(requests, ct)).Select(o => o.Value!.Handle).ToArray();
        await Executor.CancelAsync(handles[^1], TimeSpan.FromSeconds(30), ct);
        var exit = await Executor.WaitForExitAsync(handles[^1], ct).WaitAsync(Deadline, ct);

        Assert.False(exit.Succeeded);
        foreach (var request in requests)
            await File.WriteAllTextAsync(Path.Combine(request.JobDirectory, "output", "go"), "", ct);
        Assert.Equal(0, (await Executor.WaitForExitAsync(handles[0], ct).WaitAsync(Deadline, ct)).ExitCode);
    }

    private async Task<int> FirstStartedAsync(LaunchRequest[] requests)
    {
        var started = -1;
        await Eventually.TrueAsync(
            () => (started = Array.FindIndex(requests, r => Log(r).Contains("element ", StringComparison.Ordinal))) >= 0,
            "an element of the array to start",
            Deadline);
        return started;
    }

    private static string Log(LaunchRequest request)
    {
        var path = Path.Combine(request.JobDirectory, "stdout.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }
}
