using Gantry.Core.Hardware;
using Gantry.Execution.Local;

namespace Gantry.Execution.Tests.Support;

/// <summary>A local executor over a temp job directory; stops whatever a test left running.</summary>
public sealed class TaskHarness : IAsyncDisposable
{
    private readonly TempDirectory _root = new();
    private readonly List<string> _handles = [];

    public TaskHarness()
    {
        Executor = NewExecutor();
    }

    public LocalExecutor Executor { get; }

    public string JobDirectory => _root.Combine("jobs", "42");

    public string OutputDirectory => Path.Combine(JobDirectory, "output");

    public static LocalExecutor NewExecutor() =>
        new(new LocalExecutorOptions { NodeName = "node-a", DiscoverGpus = false, ReattachPollInterval = TimeSpan.FromMilliseconds(25) });

    public static IReadOnlyList<string> Sh(string script) => ["/bin/sh", "-c", script];

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public LaunchRequest Request(
        IReadOnlyList<string> command,
        int attempt = 1,
        IReadOnlyList<AcceleratorDevice>? devices = null,
        int? arrayIndex = null,
        IReadOnlyDictionary<string, string>? env = null,
        double cpus = 1) =>
        new(42, attempt, command, env ?? new Dictionary<string, string>(), JobDirectory, "node-a", devices ?? [], cpus, 1L << 30, arrayIndex);

    public async Task<string> LaunchAsync(LaunchRequest request)
    {
        var launched = await Executor.LaunchAsync(request, Token);
        Assert.True(launched.IsOk, launched.Error?.Message);
        _handles.Add(launched.Value.Handle);
        return launched.Value.Handle;
    }

    public Task<string> LaunchAsync(IReadOnlyList<string> command) => LaunchAsync(Request(command));

    public async Task<TaskExit> RunAsync(LaunchRequest request)
    {
        var handle = await LaunchAsync(request);
        return await Executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
    }

    public string Log(LogStream stream)
    {
        using var log = Executor.OpenLog(Request(["true"]), stream);
        Assert.NotNull(log);
        using var reader = new StreamReader(log);
        return reader.ReadToEnd();
    }

    public string OutputFile(string name) => Path.Combine(OutputDirectory, name);

    public Task WaitForOutputFileAsync(string name) =>
        Eventually.TrueAsync(() => File.Exists(OutputFile(name)), $"the task to write {name}");

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _handles)
            await Executor.CancelAsync(handle, TimeSpan.Zero, CancellationToken.None);
        _root.Dispose();
    }
}
