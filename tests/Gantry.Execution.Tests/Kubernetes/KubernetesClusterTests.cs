using Gantry.Execution.Kubernetes;

namespace Gantry.Execution.Tests.Kubernetes;

/// <summary>
/// End to end against a real cluster: runs only where KUBECONFIG names one, and is reported as skipped otherwise —
/// even under GANTRY_REQUIRE_ALL=1, since CI has no cluster (docs/operations.md, "Kubernetes").
/// </summary>
public sealed class KubernetesClusterTests
{
    private const string Skip = "needs a Kubernetes cluster: set KUBECONFIG";

    [Fact]
    public async Task Job_RunsToCompletion_WithItsLog_AndCancelDeletesIt()
    {
        var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (string.IsNullOrEmpty(kubeconfig) || !File.Exists(kubeconfig.Split(':')[0]))
            Assert.Skip(Skip);
        var ct = TestContext.Current.CancellationToken;
        var options = new KubernetesExecutorOptions
        {
            Kubeconfig = kubeconfig.Split(':')[0],
            Namespace = Environment.GetEnvironmentVariable("GANTRY_TEST_K8S_NAMESPACE") ?? "default",
            Image = Environment.GetEnvironmentVariable("GANTRY_TEST_K8S_IMAGE") ?? "busybox:1.36",
            PollInterval = TimeSpan.FromMilliseconds(500),
            PlaceNodes = false,
        };
        var executor = new KubernetesExecutor(options, KubernetesExecutor.Connect(options));
        var nodes = await executor.DiscoverAsync(ct);
        Assert.NotEmpty(nodes);

        var id = Random.Shared.NextInt64(1_000_000, 9_999_999);
        var request = new LaunchRequest(id, 1, ["sh", "-c", "echo hello from $GANTRY_JOB_ID"], new Dictionary<string, string>(), "/unused", nodes[0].Name, [], 0.1, 64L << 20, null);
        var launched = await executor.LaunchAsync(request, ct);
        Assert.True(launched.IsOk, launched.IsOk ? "" : launched.Error.Message);
        var exit = await executor.WaitForExitAsync(launched.Value.Handle, ct).WaitAsync(TimeSpan.FromMinutes(5), ct);
        Assert.True(exit.Succeeded, exit.Reason);
        await using (var log = await executor.OpenLogAsync(request, LogStream.Stdout, follow: false, ct))
        {
            Assert.NotNull(log);
            using var reader = new StreamReader(log);
            Assert.Contains($"hello from {id}", await reader.ReadToEndAsync(ct), StringComparison.Ordinal);
        }

        var sleeper = request with { Attempt = 2, Command = ["sleep", "600"] };
        var second = await executor.LaunchAsync(sleeper, ct);
        Assert.True(second.IsOk);
        await executor.CancelAsync(second.Value.Handle, TimeSpan.FromSeconds(1), ct);
        var cancelled = await executor.WaitForExitAsync(second.Value.Handle, ct).WaitAsync(TimeSpan.FromMinutes(2), ct);
        Assert.False(cancelled.Succeeded);
        await executor.CancelAsync(launched.Value.Handle, TimeSpan.Zero, ct);
    }
}
