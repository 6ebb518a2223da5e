using Gantry.Execution.Kubernetes;
using k8s.Models;

namespace Gantry.Execution.Tests.Kubernetes;

/// <summary>The pod of a pool whose pods see their job directory through a shared volume (JobVolume).</summary>
public sealed class JobVolumeManifestsTests
{
    private static KubernetesExecutorOptions WithClaim() => new()
    {
        Namespace = "ml",
        JobVolume = new KubernetesJobVolume { ClaimName = "gantry-jobs", ServerPath = "/var/lib/gantry/jobs" },
    };

    private static LaunchRequest Request(params string[] inputs) => Requests.Gpu(1) with { InputPaths = inputs };

    [Fact]
    public void Claim_IsTheVolume_AndThePodMountsOnlyItsJobsDirectory()
    {
        var pod = JobManifests.Job(Request(), "img", WithClaim()).Spec.Template.Spec;

        var volume = Assert.Single(pod.Volumes);
        Assert.Equal("gantry-jobs", volume.PersistentVolumeClaim.ClaimName);
        Assert.Null(volume.EmptyDir);
        var mount = Assert.Single(pod.Containers[0].VolumeMounts);
        Assert.Equal(volume.Name, mount.Name);
        Assert.Equal("/gantry/job", mount.MountPath);
        Assert.Equal("42", mount.SubPath);
        Assert.NotEqual(true, mount.ReadOnlyProperty);
    }

    [Fact]
    public void HostPath_MustExistOnTheNode_AndTheSubPathIsRelativeToWhereTheServerSeesTheVolume()
    {
        var options = new KubernetesExecutorOptions
        {
            JobVolume = new KubernetesJobVolume { HostPath = "/srv/gantry", ServerPath = "/mnt/shared", MountPath = "/job/" },
        };
        var request = Requests.Gpu(0) with { JobDirectory = "/mnt/shared/data/jobs/42" };

        var pod = JobManifests.Job(request, "img", options).Spec.Template.Spec;

        var volume = Assert.Single(pod.Volumes);
        Assert.Equal("/srv/gantry", volume.HostPath.Path);
        Assert.Equal("Directory", volume.HostPath.Type);
        var mount = Assert.Single(pod.Containers[0].VolumeMounts);
        Assert.Equal("/job", mount.MountPath);
        Assert.Equal("data/jobs/42", mount.SubPath);
        Assert.Equal("/job/work", pod.Containers[0].WorkingDir);
    }

    [Fact]
    public void HostPath_WithoutServerPath_IsWhereTheServerSeesIt()
    {
        var options = new KubernetesExecutorOptions { JobVolume = new KubernetesJobVolume { HostPath = "/var/lib/gantry/jobs" } };

        var mount = JobManifests.Job(Requests.Gpu(0), "img", options).Spec.Template.Spec.Containers[0].VolumeMounts[0];

        Assert.Equal("42", mount.SubPath);
    }

    [Fact]
    public void Inputs_AreMountedAgain_ReadOnly_AtTheirPlaceInTheWorkingDirectory()
    {
        var container = JobManifests.Job(Request("data/train", "corpus", "../escape", "/abs"), "img", WithClaim()).Spec.Template.Spec.Containers[0];

        Assert.Equal("/gantry/job/work", container.WorkingDir);
        var inputs = container.VolumeMounts.Skip(1).ToArray();
        Assert.Equal(["/gantry/job/work/abs", "/gantry/job/work/corpus", "/gantry/job/work/data/train"], inputs.Select(m => m.MountPath));
        Assert.Equal(["42/work/abs", "42/work/corpus", "42/work/data/train"], inputs.Select(m => m.SubPath));
        Assert.All(inputs, m => Assert.True(m.ReadOnlyProperty));
        Assert.All(inputs, m => Assert.Equal(JobManifests.JobVolumeName, m.Name));
    }

    [Fact]
    public void Command_RunsInsideTheWrapper_WithTheUsersArgvUntouched()
    {
        var container = JobManifests.Job(Request(), "img", WithClaim()).Spec.Template.Spec.Containers[0];

        Assert.Equal(["/bin/sh", "-c", PodWrapper.Script, "gantry-task", "/gantry/job", "2", "python", "train.py", "--epochs", "3"], container.Command);
        Assert.Null(container.Args);
    }

    [Fact]
    public void Environment_PointsIntoTheMountedJobDirectory()
    {
        var request = Requests.Gpu(1, env: new Dictionary<string, string>
        {
            ["GANTRY_PREEMPT_FILE"] = "/var/lib/gantry/jobs/42/preempt",
            ["GANTRY_POD_INDEX"] = "../../etc",
            ["GANTRY_METRICS"] = "/spoofed",
        });

        var env = JobManifests.Job(request, "img", WithClaim()).Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name);

        Assert.Equal("/gantry/job/output", env["GANTRY_OUTPUT"].Value);
        Assert.Equal("/gantry/job/metrics.jsonl", env["GANTRY_METRICS"].Value);
        Assert.Equal("/gantry/job/preempt", env["GANTRY_PREEMPT_FILE"].Value);
        Assert.Equal("0", env["GANTRY_POD_INDEX"].Value);
    }

    [Fact]
    public void IndexedJob_GivesEachPodItsIndex_ForItsOwnLogAndExitFiles()
    {
        var env = JobManifests.IndexedJob(Request(), "img", WithClaim(), nodes: 2, placedOn: ["n1", "n2"]).Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name);

        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", env["GANTRY_POD_INDEX"].ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public void RunAsUserAndGroup_GoToThePodsSecurityContext()
    {
        var options = WithClaim();
        options.RunAsUser = 1000;
        options.RunAsGroup = 2000;

        var context = JobManifests.Job(Request(), "img", options).Spec.Template.Spec.SecurityContext;

        Assert.Equal(1000, context.RunAsUser);
        Assert.Equal(2000, context.RunAsGroup);
        Assert.Null(JobManifests.Job(Request(), "img", WithClaim()).Spec.Template.Spec.SecurityContext);
    }

    [Fact]
    public void WithoutJobVolume_ThePodKeepsItsEmptyDir_AndRunsTheCommandItself()
    {
        var pod = JobManifests.Job(Request(), "img", new KubernetesExecutorOptions()).Spec.Template.Spec;
        var container = pod.Containers[0];
        var env = container.Env.ToDictionary(e => e.Name);

        Assert.NotNull(Assert.Single(pod.Volumes).EmptyDir);
        Assert.Equal(JobManifests.OutputPath, Assert.Single(container.VolumeMounts).MountPath);
        Assert.Null(container.WorkingDir);
        Assert.Equal(["python", "train.py", "--epochs", "3"], container.Command);
        Assert.Equal(JobManifests.OutputPath, env["GANTRY_OUTPUT"].Value);
        Assert.False(env.ContainsKey("GANTRY_METRICS"));
        Assert.False(env.ContainsKey("GANTRY_POD_INDEX"));
    }

    [Fact]
    public void AJobDirectoryOffTheVolume_IsABug_NotAManifest()
    {
        var request = Requests.Gpu(0) with { JobDirectory = "/elsewhere/42" };

        Assert.Throws<ArgumentException>(() => JobManifests.Job(request, "img", WithClaim()));
    }
}
