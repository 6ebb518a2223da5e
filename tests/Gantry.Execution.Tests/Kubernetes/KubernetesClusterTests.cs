using Gantry.Execution.Kubernetes;

namespace Gantry.Execution.Tests.Kubernetes;

/// <summary>
/// End to end against a real cluster: runs only where KUBECONFIG names one (and, for the job volume, where
/// GANTRY_TEST_K8S_HOSTPATH names a directory shared with the node), and is reported as skipped otherwise — even under
/// GANTRY_REQUIRE_ALL=1, since CI has no cluster (docs/operations.md, "Kubernetes").
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
        var options = ClusterOptions(kubeconfig);
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

    /// <summary>
    /// A hostPath job volume: <c>GANTRY_TEST_K8S_HOSTPATH</c> names a directory that this machine and the cluster's
    /// node see at the same path (a single-node cluster on this machine, or a kind node with that extraMount).
    /// </summary>
    [Fact]
    public async Task HostPathJobVolume_PodWritesLogsOutputMetricsAndExitFile_IntoTheJobDirectory_AndReadsItsInputs()
    {
        var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (string.IsNullOrEmpty(kubeconfig) || !File.Exists(kubeconfig.Split(':')[0]))
            Assert.Skip(Skip);
        var hostPath = Environment.GetEnvironmentVariable("GANTRY_TEST_K8S_HOSTPATH");
        if (string.IsNullOrEmpty(hostPath) || !Directory.Exists(hostPath))
            Assert.Skip("needs GANTRY_TEST_K8S_HOSTPATH: a directory this machine and the cluster's node see at the same path");
        var ct = TestContext.Current.CancellationToken;
        var options = ClusterOptions(kubeconfig);
        options.KeepFinished = TimeSpan.FromMinutes(5);
        options.JobVolume = new KubernetesJobVolume { HostPath = hostPath };
        Assert.Empty(options.Validate());
        var executor = new KubernetesExecutor(options, KubernetesExecutor.Connect(options));
        var nodes = await executor.DiscoverAsync(ct);
        Assert.NotEmpty(nodes);

        var id = Random.Shared.NextInt64(1_000_000, 9_999_999);
        var jobDirectory = Path.Join(hostPath, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var input = Path.Join(jobDirectory, "work", "data");
        Directory.CreateDirectory(input);
        await File.WriteAllTextAsync(Path.Join(input, "in.txt"), "input text", ct);
        try
        {
            var script = "cat data/in.txt; echo; if touch data/new 2>/dev/null; then echo inputs-writable; else echo inputs-read-only; fi; "
                + "echo to-stderr >&2; echo result > \"$GANTRY_OUTPUT/out.txt\"; echo '{\"loss\": 0.5}' >> \"$GANTRY_METRICS\"; exit 3";
            var request = new LaunchRequest(id, 1, ["sh", "-c", script], new Dictionary<string, string>(), jobDirectory, nodes[0].Name, [], 0.1, 64L << 20, null)
            {
                InputPaths = ["data"],
                WritesOutputs = true,
            };
            var launched = await executor.LaunchAsync(request, ct);
            Assert.True(launched.IsOk, launched.IsOk ? "" : launched.Error.Message);
            var exit = await executor.WaitForExitAsync(launched.Value.Handle, ct).WaitAsync(TimeSpan.FromMinutes(5), ct);

            Assert.Equal(3, exit.ExitCode);
            Assert.Equal("3\n", await File.ReadAllTextAsync(Path.Join(jobDirectory, "attempt-1.exit"), ct));
            await using (var stdout = await executor.OpenLogAsync(request, LogStream.Stdout, follow: false, ct))
            {
                using var reader = new StreamReader(stdout!);
                Assert.Equal("input text\ninputs-read-only\n", await reader.ReadToEndAsync(ct));
            }

            Assert.Equal("to-stderr\n", await File.ReadAllTextAsync(Path.Join(jobDirectory, "stderr.log"), ct));
            Assert.Equal("result\n", await File.ReadAllTextAsync(Path.Join(jobDirectory, "output", "out.txt"), ct));
            Assert.Contains("\"loss\"", await File.ReadAllTextAsync(Path.Join(jobDirectory, "metrics.jsonl"), ct), StringComparison.Ordinal);

            // Once the Job is deleted, the exit file still tells how the attempt ended.
            await executor.CancelAsync(launched.Value.Handle, TimeSpan.Zero, ct);
            Assert.Equal(3, (await executor.WaitForExitAsync(launched.Value.Handle, ct).WaitAsync(TimeSpan.FromMinutes(2), ct)).ExitCode);
        }
        finally
        {
            Directory.Delete(jobDirectory, recursive: true);
        }
    }

    /// <summary>The cluster the environment names: KUBECONFIG's first file, GANTRY_TEST_K8S_NAMESPACE and _IMAGE.</summary>
    private static KubernetesExecutorOptions ClusterOptions(string kubeconfig) => new()
    {
        Kubeconfig = kubeconfig.Split(':')[0],
        Namespace = Environment.GetEnvironmentVariable("GANTRY_TEST_K8S_NAMESPACE") ?? "default",
        Image = Environment.GetEnvironmentVariable("GANTRY_TEST_K8S_IMAGE") ?? "busybox:1.36",
        PollInterval = TimeSpan.FromMilliseconds(500),
        PlaceNodes = false,
    };
}
