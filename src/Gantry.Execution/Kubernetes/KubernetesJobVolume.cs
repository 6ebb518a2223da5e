namespace Gantry.Execution.Kubernetes;

/// <summary>
/// The shared volume that holds the server's jobs directory (<c>Pools:&lt;name&gt;:Kubernetes:JobVolume</c>): a
/// PersistentVolumeClaim (ReadWriteMany, e.g. NFS or CephFS) or, on a single-node cluster, a hostPath. Each pod mounts
/// its own job's directory (a <c>subPath</c>), so the working directory, dataset inputs, <c>$GANTRY_OUTPUT</c>,
/// <c>$GANTRY_METRICS</c>, the logs and the exit file are the files the server reads.
/// </summary>
public sealed class KubernetesJobVolume
{
    /// <summary>The default <see cref="MountPath"/>.</summary>
    public const string DefaultMountPath = "/gantry/job";

    /// <summary>The PersistentVolumeClaim, in the pool's namespace, that holds the jobs directory. <value>The default value is null; set this or <see cref="HostPath"/>.</value></summary>
    public string? ClaimName { get; set; }

    /// <summary>The directory on every node that holds the jobs directory (single-node clusters). <value>The default value is null; set this or <see cref="ClaimName"/>.</value></summary>
    public string? HostPath { get; set; }

    /// <summary>
    /// Where this server sees the volume's root; the server's jobs directory (<c>&lt;data&gt;/jobs</c>) must be it or lie
    /// under it, and a job's <c>subPath</c> is its directory relative to this path.
    /// <value>The default value is null: <see cref="HostPath"/> (the server runs on that node), else the server's jobs directory.</value>
    /// </summary>
    public string? ServerPath { get; set; }

    /// <summary>Where the job's directory appears inside the pod. <value>The default value is "/gantry/job".</value></summary>
    public string MountPath { get; set; } = DefaultMountPath;

    /// <summary>The problems of these settings, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if ((ClaimName is null) == (HostPath is null))
            errors.Add("JobVolume needs exactly one of ClaimName (a ReadWriteMany PersistentVolumeClaim) or HostPath (a directory on the node).");
        if (ClaimName is { } claim && !KubernetesNames.IsDnsSubdomain(claim))
            errors.Add($"JobVolume:ClaimName '{claim}' is not a valid claim name (lower-case letters, digits, '-' and '.', at most 253).");
        if (HostPath is { } host && !IsCleanAbsolute(host))
            errors.Add($"JobVolume:HostPath '{host}' must be an absolute path without '..'.");
        if (ServerPath is { } server && !IsCleanAbsolute(server))
            errors.Add($"JobVolume:ServerPath '{server}' must be an absolute path without '..'.");
        if (!IsCleanAbsolute(MountPath) || MountPath.TrimEnd('/').Length == 0 || MountPath.Contains(':', StringComparison.Ordinal))
            errors.Add($"JobVolume:MountPath '{MountPath}' must be an absolute path other than '/', without '..' or ':'.");
        return errors;
    }

    /// <summary>
    /// Null when the volume (as the server sees it) holds <paramref name="jobsDirectory"/>, the server's jobs directory;
    /// else why not, for a start-up error.
    /// </summary>
    public string? WhyNotHolding(string jobsDirectory)
    {
        if (ServerPath is null && HostPath is null)
            return null;
        var root = Normal(ServerPath ?? HostPath!);
        var jobs = Normal(jobsDirectory);
        if (jobs == root || jobs.StartsWith(root == "/" ? "/" : root + "/", StringComparison.Ordinal))
            return null;
        var which = ServerPath is null ? "HostPath (ServerPath is not set)" : "ServerPath";
        return $"the server's jobs directory {jobs} is not on the volume: {which} is {root}. Set ServerPath to where this server sees the volume, and keep the data directory's jobs folder on it.";
    }

    /// <summary>The job directory's <c>subPath</c> in the volume, or null with <paramref name="problem"/> when it is not on it.</summary>
    public string? SubPathOf(string jobDirectory, out string? problem)
    {
        var directory = Normal(jobDirectory);
        var root = Normal(ServerPath ?? HostPath ?? Path.GetDirectoryName(directory) ?? "/");
        var relative = Path.GetRelativePath(root, directory);
        if (relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            problem = $"the job directory {directory} is not on the job volume (seen by the server at {root})";
            return null;
        }

        problem = null;
        return relative;
    }

    /// <summary>A path inside the pod's view of the job directory.</summary>
    public string InPod(string relative) => relative.Length == 0 ? Mount : Mount + "/" + relative.TrimStart('/');

    private string Mount => MountPath.TrimEnd('/');

    private static string Normal(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static bool IsCleanAbsolute(string path) =>
        path.StartsWith('/') && !path.Split('/').Contains("..") && !path.Any(char.IsControl);
}
