using System.Globalization;
using k8s.Models;

namespace Gantry.Execution.Kubernetes;

/// <summary>
/// The Kubernetes objects of one task attempt, built from the launch request alone (no I/O, so the manifests are
/// unit-tested): a batch/v1 Job with one container (image, command, env, requests and limits with
/// <c>nvidia.com/gpu</c>), node affinity to the node Gantry chose, the pool's tolerations, <c>restartPolicy: Never</c>
/// and <c>backoffLimit: 0</c> because Gantry retries itself. A distributed job is an Indexed Job with a headless
/// Service, so every pod finds rank 0 by DNS. With a <see cref="KubernetesJobVolume"/> the pod mounts its job's
/// directory from the shared volume (a <c>subPath</c>; dataset inputs again read-only) and runs the command inside
/// <see cref="PodWrapper"/>, which writes the logs and the exit file there; without one it gets an <c>emptyDir</c>.
/// </summary>
public static class JobManifests
{
    /// <summary>Where the task may write without a job volume; an emptyDir, so outputs do not outlive the pod (see docs/operations.md).</summary>
    public const string OutputPath = "/gantry/output";

    /// <summary>The name of the shared job volume in the pod.</summary>
    public const string JobVolumeName = "gantry-jobs";

    private const string ContainerName = "task";

    /// <summary>The Job of a single-node task.</summary>
    public static V1Job Job(LaunchRequest request, string image, KubernetesExecutorOptions options) =>
        Build(request, image, options, nodes: 1, placedOn: request.Node.Length == 0 ? [] : [request.Node]);

    /// <summary>
    /// The Indexed Job of a distributed task: <paramref name="nodes"/> pods (completions = parallelism = nodes), pod i
    /// with hostname <c>&lt;job&gt;-i</c> under the headless service of <see cref="HeadlessService"/>. Each pod learns
    /// MASTER_ADDR (pod 0's DNS name), MASTER_PORT, WORLD_SIZE/NNODES and its RANK/NODE_RANK from
    /// <c>JOB_COMPLETION_INDEX</c>; <paramref name="placedOn"/> (Gantry's choice) limits them to those nodes, one per node.
    /// </summary>
    public static V1Job IndexedJob(LaunchRequest request, string image, KubernetesExecutorOptions options, int nodes, IReadOnlyList<string> placedOn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        return Build(request, image, options, nodes, placedOn);
    }

    /// <summary>The headless Service (no cluster IP) that gives the pods of an Indexed Job stable DNS names.</summary>
    public static V1Service HeadlessService(LaunchRequest request, KubernetesExecutorOptions options)
    {
        var name = KubernetesNames.JobName(request.JobId, request.Attempt);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.Namespace, Labels = Labels(request) },
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",
                Selector = Labels(request),
                // Rank 0 must be resolvable before it is ready, or the others fail to rendezvous.
                PublishNotReadyAddresses = true,
                Ports = [new V1ServicePort { Name = "rendezvous", Port = options.MasterPort, TargetPort = options.MasterPort }],
            },
        };
    }

    /// <summary>Pod 0's DNS name in an Indexed Job behind its headless service.</summary>
    public static string MasterAddress(string jobName, string ns) => $"{jobName}-0.{jobName}.{ns}.svc";

    private static V1Job Build(LaunchRequest request, string image, KubernetesExecutorOptions options, int nodes, IReadOnlyList<string> placedOn)
    {
        var name = KubernetesNames.JobName(request.JobId, request.Attempt);
        var labels = Labels(request);
        var distributed = nodes > 1;
        var pod = new V1PodSpec
        {
            RestartPolicy = "Never",
            Containers = [Container(request, image, options, name, nodes)],
            Volumes = [options.JobVolume is { } volume ? Volume(volume) : new V1Volume { Name = "output", EmptyDir = new V1EmptyDirVolumeSource() }],
            SecurityContext = options.RunAsUser is null && options.RunAsGroup is null ? null : new V1PodSecurityContext { RunAsUser = options.RunAsUser, RunAsGroup = options.RunAsGroup },
            Tolerations = options.Tolerations.Count == 0 ? null : options.Tolerations.Select(Toleration).ToList(),
            ServiceAccountName = options.ServiceAccount,
            Affinity = Affinity(options.PlaceNodes ? placedOn : [], distributed ? labels : null),
            Subdomain = distributed ? name : null,
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.Namespace, Labels = labels },
            Spec = new V1JobSpec
            {
                // Gantry decides about retries (max_retries, preemption); Kubernetes must not run a second pod.
                BackoffLimit = 0,
                Completions = nodes,
                Parallelism = nodes,
                CompletionMode = distributed ? "Indexed" : null,
                TtlSecondsAfterFinished = (int)Math.Min(int.MaxValue, options.KeepFinished.TotalSeconds),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = pod,
                },
            },
        };
    }

    private static Dictionary<string, string> Labels(LaunchRequest request) => new(StringComparer.Ordinal)
    {
        [KubernetesNames.JobIdLabel] = request.JobId.ToString(CultureInfo.InvariantCulture),
        [KubernetesNames.AttemptLabel] = request.Attempt.ToString(CultureInfo.InvariantCulture),
    };

    private static V1Container Container(LaunchRequest request, string image, KubernetesExecutorOptions options, string name, int nodes)
    {
        var gpus = request.Devices.Count(d => d.IsGpu);
        var requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(Milli(request.Cpus)),
            ["memory"] = new(request.MemoryBytes.ToString(CultureInfo.InvariantCulture)),
        };

        // Memory is limited to the request (the job asked for it; more would take from its neighbours); CPUs are not,
        // since a CPU limit only throttles. Extended resources such as GPUs need request = limit.
        var limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["memory"] = new(request.MemoryBytes.ToString(CultureInfo.InvariantCulture)),
        };
        if (gpus > 0)
        {
            requests[KubernetesNames.GpuResource] = new(gpus.ToString(CultureInfo.InvariantCulture));
            limits[KubernetesNames.GpuResource] = new(gpus.ToString(CultureInfo.InvariantCulture));
        }

        var volume = options.JobVolume;
        return new V1Container
        {
            Name = ContainerName,
            Image = image,
            Command = volume is null ? request.Command.ToList() : PodWrapper.Command(request.Command, volume.InPod(""), request.Attempt),
            WorkingDir = volume?.InPod("work"),
            Env = Environment(request, options, name, nodes),
            Resources = new V1ResourceRequirements { Requests = requests, Limits = limits },
            VolumeMounts = volume is null ? [new V1VolumeMount { Name = "output", MountPath = OutputPath }] : Mounts(request, volume),
        };
    }

    private static V1Volume Volume(KubernetesJobVolume volume) => volume.ClaimName is { } claim
        ? new V1Volume { Name = JobVolumeName, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }
        // "Directory": a node without the path fails the mount rather than running the job on an empty new directory.
        : new V1Volume { Name = JobVolumeName, HostPath = new V1HostPathVolumeSource { Path = volume.HostPath, Type = "Directory" } };

    /// <summary>The job's directory (its subPath of the volume), then each dataset input again, read-only.</summary>
    private static List<V1VolumeMount> Mounts(LaunchRequest request, KubernetesJobVolume volume)
    {
        var subPath = volume.SubPathOf(request.JobDirectory, out var problem) ?? throw new ArgumentException(problem, nameof(request));
        var mounts = new List<V1VolumeMount> { new() { Name = JobVolumeName, MountPath = volume.InPod(""), SubPath = subPath } };
        foreach (var input in request.InputPaths.Select(p => p.Trim('/')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // The server checked the paths at submit; one that could leave the working directory is never mounted.
            if (input.Length == 0 || input.Split('/').Any(segment => segment is "" or "." or ".."))
                continue;
            mounts.Add(new V1VolumeMount { Name = JobVolumeName, MountPath = volume.InPod("work/" + input), SubPath = subPath + "/work/" + input, ReadOnlyProperty = true });
        }

        return mounts;
    }

    /// <summary>The job's variables, then Gantry's (last, so a job cannot override what Gantry tells it).</summary>
    private static List<V1EnvVar> Environment(LaunchRequest request, KubernetesExecutorOptions options, string name, int nodes)
    {
        var env = new Dictionary<string, V1EnvVar>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
            env[key] = new V1EnvVar { Name = key, Value = value };
        void Set(string key, string value) => env[key] = new V1EnvVar { Name = key, Value = value };
        Set("GANTRY_JOB_ID", request.JobId.ToString(CultureInfo.InvariantCulture));
        Set("GANTRY_ATTEMPT", request.Attempt.ToString(CultureInfo.InvariantCulture));
        if (options.JobVolume is { } volume)
        {
            Set("GANTRY_OUTPUT", volume.InPod("output"));
            Set(Telemetry.JobMetricsFile.Variable, volume.InPod(Telemetry.JobMetricsFile.FileName));
            if (request.Env.TryGetValue("GANTRY_PREEMPT_FILE", out var notice) && InJobDirectory(request.JobDirectory, notice) is { } relative)
                Set("GANTRY_PREEMPT_FILE", volume.InPod(relative));
            if (nodes > 1)
                env[PodWrapper.IndexVariable] = new V1EnvVar { Name = PodWrapper.IndexVariable, ValueFrom = CompletionIndex() };
            else
                Set(PodWrapper.IndexVariable, "0");
        }
        else
        {
            Set("GANTRY_OUTPUT", OutputPath);
        }

        env["GANTRY_NODE"] = new V1EnvVar { Name = "GANTRY_NODE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } };
        if (request.ArrayIndex is { } index)
            Set("GANTRY_ARRAY_INDEX", index.ToString(CultureInfo.InvariantCulture));
        Set("OMP_NUM_THREADS", Math.Max(1, (int)Math.Min(Math.Floor(request.Cpus), int.MaxValue)).ToString(CultureInfo.InvariantCulture));
        if (nodes > 1)
        {
            var rank = CompletionIndex();
            Set("MASTER_ADDR", MasterAddress(name, options.Namespace));
            Set("MASTER_PORT", options.MasterPort.ToString(CultureInfo.InvariantCulture));
            var perNode = request.Distributed?.ProcessesPerNode ?? 1;
            Set("WORLD_SIZE", (nodes * perNode).ToString(CultureInfo.InvariantCulture));
            Set("LOCAL_WORLD_SIZE", perNode.ToString(CultureInfo.InvariantCulture));
            Set("NNODES", nodes.ToString(CultureInfo.InvariantCulture));
            if (request.Distributed is { } distributed)
                Set("GANTRY_DISTRIBUTED", distributed.Framework);

            // One process per pod: its rank is the pod's index. With several per node, torchrun derives the process
            // ranks from NODE_RANK and --nproc-per-node, so RANK is left to it.
            if (perNode == 1)
                env["RANK"] = new V1EnvVar { Name = "RANK", ValueFrom = rank };
            env["NODE_RANK"] = new V1EnvVar { Name = "NODE_RANK", ValueFrom = rank };
        }

        return [.. env.Values];
    }

    private static V1EnvVarSource CompletionIndex() =>
        new() { FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{KubernetesNames.CompletionIndexAnnotation}']" } };

    /// <summary>A server path inside the job directory, relative to it; null for any other path.</summary>
    private static string? InJobDirectory(string jobDirectory, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(jobDirectory));
        var full = Path.GetFullPath(path);
        return full.StartsWith(root + "/", StringComparison.Ordinal) ? full[(root.Length + 1)..] : null;
    }

    private static V1Affinity? Affinity(IReadOnlyList<string> nodes, Dictionary<string, string>? spreadLabels)
    {
        if (nodes.Count == 0 && spreadLabels is null)
            return null;
        var affinity = new V1Affinity();
        if (nodes.Count > 0)
        {
            affinity.NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm
                        {
                            MatchExpressions = [new V1NodeSelectorRequirement { Key = KubernetesNames.HostnameLabel, OperatorProperty = "In", Values = nodes.Distinct(StringComparer.Ordinal).ToList() }],
                        },
                    ],
                },
            };
        }

        if (spreadLabels is not null)
        {
            // One pod of a distributed job per node, as Gantry placed them.
            affinity.PodAntiAffinity = new V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm { TopologyKey = KubernetesNames.HostnameLabel, LabelSelector = new V1LabelSelector { MatchLabels = spreadLabels } },
                ],
            };
        }

        return affinity;
    }

    private static V1Toleration Toleration(KubernetesToleration t) =>
        new() { Key = t.Key, OperatorProperty = t.Operator, Value = t.Operator == "Exists" ? null : t.Value, Effect = t.Effect };

    private static string Milli(double cpus) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Round(cpus * 1000)}m");
}
