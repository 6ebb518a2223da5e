using Gantry.Execution.Kubernetes;

namespace Gantry.Execution.Tests.Kubernetes;

public sealed class PodExitTests
{
    private static readonly TaskExit Recorded3 = new(3, null, "exited with code 3");

    [Fact]
    public void WhenTheJobIsGone_TheExitFileDecides()
    {
        var gone = JobStatusMapper.Map(null, []);

        Assert.True(gone.JobGone);
        Assert.Equal(Recorded3, PodExit.Combine(gone, gone.ToExit()!, Recorded3));
        Assert.True(PodExit.Combine(gone, gone.ToExit()!, new TaskExit(0, null, null)).Succeeded);
        Assert.Null(PodExit.Combine(gone, gone.ToExit()!, null).ExitCode);
    }

    [Fact]
    public void AFailedJobWithoutPods_TakesTheCommandsStatusFromTheFile()
    {
        var failed = new KubernetesTaskStatus(KubernetesPhase.Failed, Reason: "BackoffLimitExceeded");

        var exit = PodExit.Combine(failed, failed.ToExit()!, Recorded3);

        Assert.Equal(3, exit.ExitCode);
        Assert.Equal("exited with code 3 (BackoffLimitExceeded)", exit.Reason);
        Assert.False(PodExit.Combine(failed, failed.ToExit()!, new TaskExit(0, null, null)).Succeeded);
    }

    [Fact]
    public void WhatKubernetesSawFirstHand_Wins()
    {
        var oom = new KubernetesTaskStatus(KubernetesPhase.Failed, 137, null, "pod p was killed for using more memory than its limit (OOMKilled)");
        var done = new KubernetesTaskStatus(KubernetesPhase.Succeeded, 0);

        Assert.Equal(oom.ToExit(), PodExit.Combine(oom, oom.ToExit()!, null));
        Assert.Contains("OOMKilled", PodExit.Combine(oom, oom.ToExit()!, Recorded3).Reason, StringComparison.Ordinal);
        Assert.True(PodExit.Combine(done, done.ToExit()!, new TaskExit(0, null, null)).Succeeded);
    }
}
