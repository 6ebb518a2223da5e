using System.Globalization;
using System.Net;
using Gantry.Core;
using Gantry.Core.Hardware;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Kubernetes;

/// <summary>
/// Runs each task attempt as a batch/v1 Job in a Kubernetes cluster. Nodes and GPUs come from the API
/// (<see cref="NodeInventoryMapper"/>), the Job from <see cref="JobManifests"/>, its state from the Job and its pods
/// read every <see cref="KubernetesExecutorOptions.PollInterval"/> (<see cref="JobStatusMapper"/>). Cancelling deletes
/// the Job with background propagation, so its pods get SIGTERM and the grace period. The handle names the Job, so a
/// restarted server re-attaches by reading it again.
/// </summary>
public sealed class KubernetesExecutor : IExecutor
{
    private readonly KubernetesExecutorOptions _options;
    private readonly IKubernetes _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public KubernetesExecutor(KubernetesExecutorOptions options, IKubernetes client, ILogger<KubernetesExecutor>? logger = null, TimeProvider? timeProvider = null)
    {
        _options = options;
        _client = client;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Kind => "kubernetes";

    /// <summary>
    /// A client from the options: in-cluster credentials, the named kubeconfig, or the default lookup
    /// (<c>$KUBECONFIG</c>, <c>~/.kube/config</c>, in-cluster). Throws <see cref="InvalidOperationException"/> with the
    /// reason when none is usable.
    /// </summary>
    public static IKubernetes Connect(KubernetesExecutorOptions options)
    {
        try
        {
            var config = options.InCluster
                ? KubernetesClientConfiguration.InClusterConfig()
                : options.Kubeconfig is { } path
                    ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context)
                    : options.Context is { } context
                        ? KubernetesClientConfiguration.BuildConfigFromConfigFile(KubernetesClientConfiguration.KubeConfigDefaultLocation, context)
                        : KubernetesClientConfiguration.BuildDefaultConfig();
            return new k8s.Kubernetes(config);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"cannot connect to Kubernetes: {e.Message} (set Kubeconfig or InCluster, or KUBECONFIG)", e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInventory>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var list = await _client.CoreV1.ListNodeAsync(labelSelector: _options.NodeSelector, cancellationToken: cancellationToken);
        var nodes = new List<NodeInventory>();
        foreach (var item in list.Items)
        {
            if (NodeInventoryMapper.Map(item) is not { } node)
                continue;
            nodes.Add(node);
            _logger.KubernetesNodeFound(node.Name, node.Cpus, node.MemoryBytes, node.Accelerators.Count);
        }

        return nodes;
    }

    /// <inheritdoc />
    public async Task<Outcome<LaunchedTask>> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        if (request.Command.Count == 0 || string.IsNullOrEmpty(request.Command[0]))
            return GantryError.Invalid("the command is empty");
        var image = request.Image ?? _options.Image;
        if (string.IsNullOrWhiteSpace(image))
            return GantryError.Invalid("no container image: set image in the job spec or Image in the pool's Kubernetes settings");
        string? jobDirectory = null;
        if (_options.JobVolume is { } volume)
        {
            var prepared = PrepareJobDirectory(request, volume);
            if (!prepared.IsOk)
                return prepared.Error;
            jobDirectory = prepared.Value;
        }
        else if (request.InputPaths.Count > 0 || request.WritesOutputs)
        {
            return GantryError.Invalid("this job reads datasets or writes outputs, and the pods of this Kubernetes pool cannot see its job directory: set JobVolume in the pool's Kubernetes settings (docs/operations.md)");
        }

        // A gang over several nodes (a distributed job) is one Indexed Job with a headless service for its pods' names.
        var gang = request.AllNodes.Count > 1;
        var job = gang ? JobManifests.IndexedJob(request, image, _options, request.AllNodes.Count, request.AllNodes) : JobManifests.Job(request, image, _options);
        var name = job.Metadata.Name;
        try
        {
            if (gang)
                await CreateServiceAsync(JobManifests.HeadlessService(request, _options), cancellationToken);
            await _client.BatchV1.CreateNamespacedJobAsync(job, _options.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // This attempt's Job exists already: a server stopped between creating it and storing the handle.
        }
        catch (HttpOperationException e)
        {
            var reason = $"Kubernetes refused Job {name}: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase} {Brief(e.Response.Content)}".TrimEnd();
            _logger.KubernetesLaunchFailed(request.JobId, request.Attempt, reason);
            return GantryError.Invalid(reason);
        }
        catch (HttpRequestException e)
        {
            _logger.KubernetesLaunchFailed(request.JobId, request.Attempt, e.Message);
            return GantryError.Invalid($"cannot reach the Kubernetes API: {e.Message}");
        }

        _logger.KubernetesJobCreated(request.JobId, request.Attempt, _options.Namespace, name, request.Node);
        var output = jobDirectory is null ? JobManifests.OutputPath : Path.Combine(jobDirectory, "output");
        return new LaunchedTask(KubernetesNames.Handle(_options.Namespace, name, jobDirectory), output);
    }

    /// <summary>Whether this pool's pods see their job directory (<see cref="KubernetesExecutorOptions.JobVolume"/>).</summary>
    public bool SharesJobDirectory => _options.JobVolume is not null;

    /// <inheritdoc />
    public async Task<bool> IsAliveAsync(string handle, CancellationToken cancellationToken)
    {
        if (!KubernetesNames.TryParseHandle(handle, out var ns, out var name))
        {
            _logger.KubernetesBadHandle(handle);
            return false;
        }

        return !(await StatusAsync(ns, name, cancellationToken)).IsFinal;
    }

    /// <inheritdoc />
    public async Task<TaskExit> WaitForExitAsync(string handle, CancellationToken cancellationToken)
    {
        if (!KubernetesNames.TryParseHandle(handle, out var ns, out var name, out var jobDirectory))
        {
            _logger.KubernetesBadHandle(handle);
            return new TaskExit(null, null, $"'{handle}' is not a handle of the Kubernetes executor");
        }

        while (true)
        {
            KubernetesTaskStatus status;
            try
            {
                status = await StatusAsync(ns, name, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                // The API server is briefly unreachable: the Job keeps running there; keep watching.
                _logger.KubernetesPollFailed(name, e.Message);
                status = new KubernetesTaskStatus(KubernetesPhase.Pending);
            }

            if (status.ToExit() is { } ended)
            {
                var recorded = jobDirectory is not null && KubernetesNames.AttemptOf(name) is { } attempt ? PodWrapper.ReadExit(jobDirectory, attempt) : null;
                var exit = PodExit.Combine(status, ended, recorded);
                _logger.KubernetesJobEnded(name, exit.ExitCode, exit.Reason);
                return exit;
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task CancelAsync(string handle, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!KubernetesNames.TryParseHandle(handle, out var ns, out var name))
        {
            _logger.KubernetesBadHandle(handle);
            return;
        }

        var seconds = (int)Math.Clamp(Math.Ceiling(grace.TotalSeconds), 0, int.MaxValue);
        try
        {
            await _client.BatchV1.DeleteNamespacedJobAsync(name, ns, gracePeriodSeconds: seconds, propagationPolicy: "Background", cancellationToken: cancellationToken);
            _logger.KubernetesJobDeleted(name, seconds);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }

        await DeleteServiceAsync(ns, name, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With a job volume, the first pod's (rank 0) <c>stdout.log</c> or <c>stderr.log</c> in the job directory, which
    /// the pod's wrapper writes; without one there is no local file: see <see cref="OpenLogAsync"/>.
    /// </remarks>
    public Stream? OpenLog(LaunchRequest request, LogStream stream)
    {
        if (_options.JobVolume is null)
            return null;
        try
        {
            return new FileStream(PodWrapper.LogPath(Path.GetFullPath(request.JobDirectory), stream), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// With a job volume, the log file of <see cref="OpenLog"/>. Without one, the log of the attempt's first pod
    /// (rank 0) through the API, from its start; with <paramref name="follow"/> it streams until the container ends.
    /// Kubernetes keeps stdout and stderr in one log, so it is the stdout log and stderr has none.
    /// </summary>
    public async Task<Stream?> OpenLogAsync(LaunchRequest request, LogStream stream, bool follow, CancellationToken cancellationToken)
    {
        if (_options.JobVolume is not null)
            return OpenLog(request, stream);
        if (stream == LogStream.Stderr)
            return null;
        var name = KubernetesNames.JobName(request.JobId, request.Attempt);
        var pods = await PodsAsync(_options.Namespace, request.JobId, request.Attempt, cancellationToken);
        var pod = pods.Where(p => p.Status?.Phase is "Running" or "Succeeded" or "Failed").OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal).FirstOrDefault();
        if (pod is null)
            return null;
        try
        {
            var running = pod.Status?.Phase == "Running";
            return await _client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, _options.Namespace, follow: follow && running, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            _logger.KubernetesPollFailed(name, e.Message);
            return null;
        }
    }

    /// <summary>The Job and its pods, read once and mapped.</summary>
    public async Task<KubernetesTaskStatus> StatusAsync(string ns, string name, CancellationToken cancellationToken)
    {
        V1Job? job;
        try
        {
            job = await _client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            job = null;
        }

        var labels = job?.Metadata?.Labels;
        IReadOnlyList<V1Pod> pods = job is null
            || labels is null
            || !labels.TryGetValue(KubernetesNames.JobIdLabel, out var id)
            || !labels.TryGetValue(KubernetesNames.AttemptLabel, out var attempt)
            ? []
            : await PodsAsync(ns, long.Parse(id, CultureInfo.InvariantCulture), int.Parse(attempt, CultureInfo.InvariantCulture), cancellationToken);
        return JobStatusMapper.Map(job, pods);
    }

    private async Task<IReadOnlyList<V1Pod>> PodsAsync(string ns, long jobId, int attempt, CancellationToken cancellationToken)
    {
        var selector = string.Create(CultureInfo.InvariantCulture, $"{KubernetesNames.JobIdLabel}={jobId},{KubernetesNames.AttemptLabel}={attempt}");
        var list = await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
        return [.. list.Items];
    }

    private async Task CreateServiceAsync(V1Service service, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.CreateNamespacedServiceAsync(service, _options.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier try of this attempt.
        }
    }

    private async Task DeleteServiceAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Only distributed jobs have one.
        }
    }

    /// <summary>
    /// Makes the job directory ready for a pod that mounts it: <c>work/</c> and <c>output/</c>, an attempt marker in
    /// the logs of a retry, no exit file of an earlier launch of this attempt. Returns the directory.
    /// </summary>
    private static Outcome<string> PrepareJobDirectory(LaunchRequest request, KubernetesJobVolume volume)
    {
        var jobDirectory = Path.GetFullPath(request.JobDirectory);
        if (volume.SubPathOf(jobDirectory, out var problem) is null)
            return GantryError.Invalid(problem!);
        try
        {
            Directory.CreateDirectory(Path.Combine(jobDirectory, "work"));
            Directory.CreateDirectory(Path.Combine(jobDirectory, "output"));
            if (request.Attempt > 1)
            {
                var marker = $"--- gantry: attempt {request.Attempt.ToString(CultureInfo.InvariantCulture)} ---\n";
                File.AppendAllText(PodWrapper.LogPath(jobDirectory, LogStream.Stdout), marker);
                File.AppendAllText(PodWrapper.LogPath(jobDirectory, LogStream.Stderr), marker);
            }

            PodWrapper.DeleteExits(jobDirectory, request.Attempt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return GantryError.Invalid($"cannot prepare the job directory {jobDirectory}: {e.Message}");
        }

        return jobDirectory;
    }

    private static string Brief(string? content) =>
        string.IsNullOrEmpty(content) ? "" : content.Length <= 300 ? content : content[..300] + "…";
}
