using Gantry.Execution.Kubernetes;
using k8s.Models;

namespace Gantry.Execution.Tests.Kubernetes;

public sealed class JobStatusMapperTests
{
    [Fact]
    public void CompleteCondition_IsSuccess_WithExitCodeZero()
    {
        var status = JobStatusMapper.Map(Job(conditions: [Condition("Complete")], succeeded: 1), [Pod("Succeeded", Terminated(0, "Completed"))]);

        Assert.Equal(KubernetesPhase.Succeeded, status.Phase);
        Assert.True(status.ToExit()!.Succeeded);
    }

    [Fact]
    public void FailedPod_GivesItsExitCodeAndReason()
    {
        var status = JobStatusMapper.Map(Job(conditions: [Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")]), [Pod("Failed", Terminated(3, "Error"))]);

        Assert.Equal(KubernetesPhase.Failed, status.Phase);
        var exit = status.ToExit()!;
        Assert.False(exit.Succeeded);
        Assert.Equal(3, exit.ExitCode);
        Assert.Contains("exited with code 3", exit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OomKilled_SaysSoPlainly()
    {
        var status = JobStatusMapper.Map(Job(active: 1), [Pod("Failed", Terminated(137, "OOMKilled"))]);

        Assert.Equal(KubernetesPhase.Failed, status.Phase);
        Assert.Equal(137, status.ExitCode);
        Assert.Contains("OOMKilled", status.Reason, StringComparison.Ordinal);
        Assert.Contains("more memory than its limit", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagePullBackOff_IsAFailure_NamingTheImage()
    {
        var waiting = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image \"nope:1\"" } };
        var status = JobStatusMapper.Map(Job(active: 1), [Pod("Pending", waiting, image: "nope:1")]);

        Assert.Equal(KubernetesPhase.Failed, status.Phase);
        Assert.Null(status.ToExit()!.ExitCode);
        Assert.Contains("image 'nope:1' could not be pulled (ImagePullBackOff)", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerCreating_IsPending_NotAFailure()
    {
        var waiting = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };

        Assert.Equal(KubernetesPhase.Pending, JobStatusMapper.Map(Job(active: 1), [Pod("Pending", waiting)]).Phase);
    }

    [Fact]
    public void UnscheduledPod_IsPending()
    {
        Assert.Equal(KubernetesPhase.Pending, JobStatusMapper.Map(Job(active: 1), [Pod("Pending", null)]).Phase);
        Assert.Equal(KubernetesPhase.Pending, JobStatusMapper.Map(Job(), []).Phase);
    }

    [Fact]
    public void RunningPod_IsRunning()
    {
        var running = new V1ContainerState { Running = new V1ContainerStateRunning() };

        Assert.Equal(KubernetesPhase.Running, JobStatusMapper.Map(Job(active: 1), [Pod("Running", running)]).Phase);
    }

    [Fact]
    public void EvictedPod_IsAFailure_WithThePodsReason()
    {
        var pod = Pod("Failed", null);
        pod.Status.Reason = "Evicted";
        pod.Status.Message = "The node was low on resource: memory.";

        var status = JobStatusMapper.Map(Job(active: 0), [pod]);

        Assert.Equal(KubernetesPhase.Failed, status.Phase);
        Assert.Contains("Evicted: The node was low on resource: memory.", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeadlineExceeded_WithoutPods_UsesTheJobsCondition()
    {
        var status = JobStatusMapper.Map(Job(conditions: [Condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline")]), []);

        Assert.Equal(KubernetesPhase.Failed, status.Phase);
        Assert.Equal("DeadlineExceeded: Job was active longer than specified deadline", status.Reason);
    }

    [Fact]
    public void MissingJob_IsAFailure()
    {
        var status = JobStatusMapper.Map(null, []);

        Assert.Equal(KubernetesPhase.Failed, status.Phase);
        Assert.Contains("gone", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexedJob_SucceedsOnlyWhenEveryIndexHas()
    {
        var done = Pod("Succeeded", Terminated(0, "Completed"));
        var running = Pod("Running", new V1ContainerState { Running = new V1ContainerStateRunning() }, name: "p-1");

        Assert.Equal(KubernetesPhase.Running, JobStatusMapper.Map(Job(active: 1, succeeded: 1, completions: 2), [done, running]).Phase);
        Assert.Equal(KubernetesPhase.Succeeded, JobStatusMapper.Map(Job(succeeded: 2, completions: 2), [done, done]).Phase);
    }

    private static V1Job Job(IList<V1JobCondition>? conditions = null, int? active = null, int? succeeded = null, int completions = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = "gantry-1-1" },
        Spec = new V1JobSpec { Completions = completions },
        Status = new V1JobStatus { Conditions = conditions, Active = active, Succeeded = succeeded },
    };

    private static V1JobCondition Condition(string type, string? reason = null, string? message = null) =>
        new() { Type = type, Status = "True", Reason = reason, Message = message };

    private static V1ContainerState Terminated(int code, string reason) =>
        new() { Terminated = new V1ContainerStateTerminated { ExitCode = code, Reason = reason } };

    private static V1Pod Pod(string phase, V1ContainerState? state, string image = "img", string name = "p-0") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1PodStatus
        {
            Phase = phase,
            ContainerStatuses = state is null ? null : [new V1ContainerStatus { Name = "task", Image = image, State = state }],
        },
    };
}
