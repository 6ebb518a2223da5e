using Gantry.Execution.Kubernetes;

namespace Gantry.Execution.Tests.Kubernetes;

public sealed class KubernetesJobVolumeTests
{
    [Theory]
    [InlineData(null, null, "exactly one of ClaimName")]
    [InlineData("jobs", "/srv/jobs", "exactly one of ClaimName")]
    [InlineData("Jobs_Claim", null, "ClaimName 'Jobs_Claim' is not a valid claim name")]
    [InlineData(null, "srv/jobs", "HostPath 'srv/jobs' must be an absolute path")]
    [InlineData(null, "/srv/../etc", "HostPath '/srv/../etc' must be an absolute path")]
    public void Validate_ExplainsAVolumeThatIsNotOne(string? claim, string? hostPath, string expected)
    {
        var options = new KubernetesExecutorOptions { JobVolume = new KubernetesJobVolume { ClaimName = claim, HostPath = hostPath } };

        Assert.Contains(options.Validate(), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("job")]
    [InlineData("/a/../b")]
    [InlineData("/a:b")]
    public void Validate_RefusesAMountPathThatIsNoPlaceOfItsOwn(string mountPath)
    {
        var volume = new KubernetesJobVolume { ClaimName = "jobs", MountPath = mountPath };

        Assert.Contains(volume.Validate(), p => p.Contains("JobVolume:MountPath", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AcceptsAClaim_OrAHostPath_AndRelativeServerPathsAreRefused()
    {
        Assert.Empty(new KubernetesJobVolume { ClaimName = "gantry.jobs-1" }.Validate());
        Assert.Empty(new KubernetesJobVolume { HostPath = "/var/lib/gantry/jobs", ServerPath = "/data/jobs", MountPath = "/work" }.Validate());
        Assert.Contains(new KubernetesJobVolume { ClaimName = "c", ServerPath = "data" }.Validate(), p => p.Contains("ServerPath 'data'", StringComparison.Ordinal));
        Assert.Contains(new KubernetesExecutorOptions { RunAsUser = -1 }.Validate(), p => p.Contains("RunAsUser", StringComparison.Ordinal));
    }

    [Fact]
    public void WhyNotHolding_NamesTheJobsDirectory_WhenTheVolumeDoesNotHoldIt()
    {
        var host = new KubernetesJobVolume { HostPath = "/srv/gantry" };
        var server = new KubernetesJobVolume { ClaimName = "c", ServerPath = "/mnt/nfs" };

        Assert.Contains("/var/lib/gantry/jobs is not on the volume: HostPath (ServerPath is not set) is /srv/gantry", host.WhyNotHolding("/var/lib/gantry/jobs"), StringComparison.Ordinal);
        Assert.Contains("ServerPath is /mnt/nfs", server.WhyNotHolding("/mnt/nfs2/jobs"), StringComparison.Ordinal);
        Assert.Null(host.WhyNotHolding("/srv/gantry"));
        Assert.Null(server.WhyNotHolding("/mnt/nfs/gantry/jobs/"));
        Assert.Null(new KubernetesJobVolume { ClaimName = "c" }.WhyNotHolding("/anywhere/jobs"));
    }

    [Fact]
    public void SubPathOf_IsTheJobDirectoryRelativeToTheVolume_AndNothingOutsideIt()
    {
        var volume = new KubernetesJobVolume { ClaimName = "c", ServerPath = "/mnt/nfs" };

        Assert.Equal("data/jobs/7", volume.SubPathOf("/mnt/nfs/data/jobs/7", out _));
        Assert.Null(volume.SubPathOf("/mnt/nfs", out var root));
        Assert.Null(volume.SubPathOf("/mnt/nfs/../etc", out var outside));
        Assert.Contains("not on the job volume", root, StringComparison.Ordinal);
        Assert.Contains("/etc is not on the job volume", outside, StringComparison.Ordinal);
        Assert.Equal("7", new KubernetesJobVolume { ClaimName = "c" }.SubPathOf("/var/lib/gantry/jobs/7", out _));
    }
}
