using Gantry.Execution.Kubernetes;
using k8s.Models;

namespace Gantry.Execution.Tests.Kubernetes;

public sealed class JobManifestsTests
{
    private static readonly KubernetesExecutorOptions Options = new()
    {
        Namespace = "ml",
        ServiceAccount = "trainer",
        Tolerations = [new KubernetesToleration { Key = "nvidia.com/gpu", Operator = "Exists", Effect = "NoSchedule" }],
    };

    [Fact]
    public void Job_IsBatchV1_WithLabels_NeverRestarts_AndNoKubernetesRetries()
    {
        var job = JobManifests.Job(Requests.Gpu(2), "pytorch/pytorch:2.5", Options);

        Assert.Equal("batch/v1", job.ApiVersion);
        Assert.Equal("Job", job.Kind);
        Assert.Equal("gantry-42-2", job.Metadata.Name);
        Assert.Equal("ml", job.Metadata.NamespaceProperty);
        Assert.Equal("42", job.Metadata.Labels["gantry.dev/job-id"]);
        Assert.Equal("42", job.Spec.Template.Metadata.Labels["gantry.dev/job-id"]);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Equal(1, job.Spec.Completions);
        Assert.Null(job.Spec.CompletionMode);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.Equal("trainer", job.Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public void Job_Container_HasImageCommandAndResources_WithGpusAsRequestAndLimit()
    {
        var job = JobManifests.Job(Requests.Gpu(2), "pytorch/pytorch:2.5", Options);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);

        Assert.Equal("pytorch/pytorch:2.5", container.Image);
        Assert.Equal(["python", "train.py", "--epochs", "3"], container.Command);
        Assert.Equal("7500m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal(64L << 30, container.Resources.Requests["memory"].ToInt64());
        Assert.Equal(2, container.Resources.Requests["nvidia.com/gpu"].ToInt32());
        Assert.Equal(2, container.Resources.Limits["nvidia.com/gpu"].ToInt32());
        Assert.Equal(64L << 30, container.Resources.Limits["memory"].ToInt64());
        Assert.False(container.Resources.Limits.ContainsKey("cpu"));
    }

    [Fact]
    public void Job_WithoutGpus_AsksForNone()
    {
        var container = JobManifests.Job(Requests.Gpu(0), "busybox", Options).Spec.Template.Spec.Containers[0];

        Assert.False(container.Resources.Requests.ContainsKey("nvidia.com/gpu"));
        Assert.False(container.Resources.Limits.ContainsKey("nvidia.com/gpu"));
    }

    [Fact]
    public void Job_PinsThePod_ToTheNodeGantryChose()
    {
        var affinity = JobManifests.Job(Requests.Gpu(1, node: "gpu-node-7"), "img", Options).Spec.Template.Spec.Affinity;

        var term = Assert.Single(affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        var expression = Assert.Single(term.MatchExpressions);
        Assert.Equal("kubernetes.io/hostname", expression.Key);
        Assert.Equal("In", expression.OperatorProperty);
        Assert.Equal(["gpu-node-7"], expression.Values);
    }

    [Fact]
    public void Job_LeavesPlacement_ToKubernetes_WhenPlaceNodesIsOff()
    {
        var options = new KubernetesExecutorOptions { PlaceNodes = false };

        Assert.Null(JobManifests.Job(Requests.Gpu(1), "img", options).Spec.Template.Spec.Affinity);
    }

    [Fact]
    public void Job_CarriesThePoolsTolerations()
    {
        var toleration = Assert.Single(JobManifests.Job(Requests.Gpu(1), "img", Options).Spec.Template.Spec.Tolerations);

        Assert.Equal("nvidia.com/gpu", toleration.Key);
        Assert.Equal("Exists", toleration.OperatorProperty);
        Assert.Equal("NoSchedule", toleration.Effect);
        Assert.Null(toleration.Value);
    }

    [Fact]
    public void Job_Environment_HasTheJobsVariables_AndGantrysLast()
    {
        var request = Requests.Gpu(1, env: new Dictionary<string, string> { ["LR"] = "0.1", ["GANTRY_JOB_ID"] = "spoofed" });
        var env = JobManifests.Job(request, "img", Options).Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name);

        Assert.Equal("0.1", env["LR"].Value);
        Assert.Equal("42", env["GANTRY_JOB_ID"].Value);
        Assert.Equal("2", env["GANTRY_ATTEMPT"].Value);
        Assert.Equal(JobManifests.OutputPath, env["GANTRY_OUTPUT"].Value);
        Assert.Equal("spec.nodeName", env["GANTRY_NODE"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("7", env["OMP_NUM_THREADS"].Value);
        Assert.False(env.ContainsKey("MASTER_ADDR"));
    }

    [Fact]
    public void IndexedJob_HasOnePodPerNode_AndRanksFromTheCompletionIndex()
    {
        var job = JobManifests.IndexedJob(Requests.Gpu(8), "img", Options, nodes: 4, placedOn: ["n1", "n2", "n3", "n4"]);
        var pod = job.Spec.Template.Spec;
        var env = pod.Containers[0].Env.ToDictionary(e => e.Name);

        Assert.Equal("Indexed", job.Spec.CompletionMode);
        Assert.Equal(4, job.Spec.Completions);
        Assert.Equal(4, job.Spec.Parallelism);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Equal("gantry-42-2", pod.Subdomain);
        Assert.Equal("gantry-42-2-0.gantry-42-2.ml.svc", env["MASTER_ADDR"].Value);
        Assert.Equal("29500", env["MASTER_PORT"].Value);
        Assert.Equal("4", env["WORLD_SIZE"].Value);
        Assert.Equal("4", env["NNODES"].Value);
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", env["RANK"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", env["NODE_RANK"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal(["n1", "n2", "n3", "n4"], pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Values);
        var spread = Assert.Single(pod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
        Assert.Equal("42", spread.LabelSelector.MatchLabels["gantry.dev/job-id"]);
    }

    [Fact]
    public void IndexedJob_WithSeveralProcessesPerNode_LeavesRanksToTorchrun()
    {
        var request = Requests.Gpu(8) with { Distributed = new Gantry.Core.Jobs.DistributedRequest("pytorch", 8) };
        var env = JobManifests.IndexedJob(request, "img", Options, nodes: 2, placedOn: ["n1", "n2"]).Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name);

        Assert.Equal("16", env["WORLD_SIZE"].Value);
        Assert.Equal("8", env["LOCAL_WORLD_SIZE"].Value);
        Assert.Equal("2", env["NNODES"].Value);
        Assert.Equal("pytorch", env["GANTRY_DISTRIBUTED"].Value);
        Assert.False(env.ContainsKey("RANK"));
        Assert.NotNull(env["NODE_RANK"].ValueFrom);
    }

    [Fact]
    public void HeadlessService_HasNoClusterIp_AndSelectsTheJobsPods()
    {
        var service = JobManifests.HeadlessService(Requests.Gpu(1), Options);

        Assert.Equal("v1", service.ApiVersion);
        Assert.Equal("Service", service.Kind);
        Assert.Equal("gantry-42-2", service.Metadata.Name);
        Assert.Equal("ml", service.Metadata.NamespaceProperty);
        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.True(service.Spec.PublishNotReadyAddresses);
        Assert.Equal("42", service.Spec.Selector["gantry.dev/job-id"]);
        Assert.Equal("2", service.Spec.Selector["gantry.dev/attempt"]);
        Assert.Equal(29500, Assert.Single(service.Spec.Ports).Port);
    }

    [Fact]
    public void Job_SerialisesToTheKubernetesWireFormat()
    {
        var json = k8s.KubernetesJson.Serialize(JobManifests.Job(Requests.Gpu(1), "img", Options));

        Assert.Contains("\"restartPolicy\":\"Never\"", json, StringComparison.Ordinal);
        Assert.Contains("\"backoffLimit\":0", json, StringComparison.Ordinal);
        Assert.Contains("\"nvidia.com/gpu\":\"1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"operator\":\"In\"", json, StringComparison.Ordinal);
    }
}
