using Gantry.Execution.Kubernetes;
using k8s;

namespace Gantry.Execution.Tests.Kubernetes;

/// <summary>What the executor does with the job directory itself; the API server here is an unreachable address.</summary>
public sealed class KubernetesExecutorVolumeTests : IDisposable
{
    private readonly string _jobs = Directory.CreateTempSubdirectory("gantry-k8s-jobs-").FullName;

    public void Dispose() => Directory.Delete(_jobs, recursive: true);

    private static KubernetesExecutor Executor(KubernetesJobVolume? volume) =>
        new(new KubernetesExecutorOptions { Image = "busybox", JobVolume = volume }, new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }));

    private LaunchRequest Request(int attempt = 1) => Requests.Gpu(0) with { JobDirectory = Path.Join(_jobs, "42"), Attempt = attempt };

    [Fact]
    public async Task WithoutJobVolume_AJobWithData_IsRefused_NamingTheSetting()
    {
        var executor = Executor(null);

        var inputs = await executor.LaunchAsync(Request() with { InputPaths = ["data"] }, TestContext.Current.CancellationToken);
        var outputs = await executor.LaunchAsync(Request() with { WritesOutputs = true }, TestContext.Current.CancellationToken);

        Assert.False(executor.SharesJobDirectory);
        Assert.False(inputs.IsOk);
        Assert.False(outputs.IsOk);
        Assert.Contains("cannot see its job directory: set JobVolume", inputs.Error.Message, StringComparison.Ordinal);
        Assert.Contains("set JobVolume", outputs.Error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(_jobs, "42")));
    }

    [Fact]
    public async Task WithJobVolume_TheJobDirectoryIsPrepared_BeforeTheApiIsAsked()
    {
        var executor = Executor(new KubernetesJobVolume { HostPath = _jobs });
        var directory = Path.Join(_jobs, "42");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Join(directory, "attempt-3.exit"), "0\n");
        File.WriteAllText(Path.Join(directory, "attempt-3.1.exit"), "0\n");

        var launched = await executor.LaunchAsync(Request(attempt: 3) with { InputPaths = ["data"], WritesOutputs = true }, TestContext.Current.CancellationToken);

        Assert.False(launched.IsOk);
        Assert.Contains("cannot reach the Kubernetes API", launched.Error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Join(directory, "work")));
        Assert.True(Directory.Exists(Path.Join(directory, "output")));
        Assert.Empty(Directory.GetFiles(directory, "*.exit"));
        Assert.Equal("--- gantry: attempt 3 ---\n", File.ReadAllText(Path.Join(directory, "stderr.log")));
    }

    [Fact]
    public async Task WithJobVolume_ALaunchOffTheVolume_IsRefused()
    {
        var executor = Executor(new KubernetesJobVolume { ClaimName = "jobs", ServerPath = Path.Join(_jobs, "elsewhere") });

        var launched = await executor.LaunchAsync(Request(), TestContext.Current.CancellationToken);

        Assert.False(launched.IsOk);
        Assert.Contains("is not on the job volume", launched.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithJobVolume_LogsAreTheFilesInTheJobDirectory_StdoutAndStderrApart()
    {
        var executor = Executor(new KubernetesJobVolume { HostPath = _jobs });
        var request = Request();
        Directory.CreateDirectory(request.JobDirectory);
        Assert.Null(executor.OpenLog(request, LogStream.Stdout));
        File.WriteAllText(Path.Join(request.JobDirectory, "stdout.log"), "out\n");
        File.WriteAllText(Path.Join(request.JobDirectory, "stderr.log"), "err\n");

        await using var stdout = await executor.OpenLogAsync(request, LogStream.Stdout, follow: true, TestContext.Current.CancellationToken);
        await using var stderr = await executor.OpenLogAsync(request, LogStream.Stderr, follow: false, TestContext.Current.CancellationToken);

        Assert.True(stdout!.CanSeek);
        Assert.Equal("out\n", await new StreamReader(stdout).ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Equal("err\n", await new StreamReader(stderr!).ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitForExit_OfAHandleWithItsJobDirectory_ReadsTheExitFile_WhenTheApiCannotTell()
    {
        // The handle carries the job directory; the Job's status is unreadable, so the exit file is all there is.
        var directory = Path.Join(_jobs, "42");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Join(directory, "attempt-1.exit"), "5\n");
        var handle = KubernetesNames.Handle("default", KubernetesNames.JobName(42, 1), directory);

        Assert.True(KubernetesNames.TryParseHandle(handle, out var ns, out var name, out var parsed));
        Assert.Equal(("default", "gantry-42-1", directory), (ns, name, parsed));
        Assert.Equal(1, KubernetesNames.AttemptOf(name));
        Assert.Equal(5, PodWrapper.ReadExit(parsed!, 1)!.ExitCode);
        Assert.False(KubernetesNames.TryParseHandle("k8s:default/gantry-42-1:relative/dir", out _, out _, out _));
        await Task.CompletedTask;
    }
}
