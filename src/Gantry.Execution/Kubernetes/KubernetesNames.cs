using System.Globalization;

namespace Gantry.Execution.Kubernetes;

/// <summary>Names, labels and handles of the objects Gantry creates in a cluster.</summary>
public static class KubernetesNames
{
    /// <summary>The label every pod and Job of a Gantry job carries: the job id.</summary>
    public const string JobIdLabel = "gantry.dev/job-id";

    /// <summary>The label with the attempt number.</summary>
    public const string AttemptLabel = "gantry.dev/attempt";

    /// <summary>The node label the scheduler's node affinity uses.</summary>
    public const string HostnameLabel = "kubernetes.io/hostname";

    /// <summary>The extended resource of NVIDIA's device plugin.</summary>
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>The GPU model label of NVIDIA's GPU feature discovery.</summary>
    public const string GpuProductLabel = "nvidia.com/gpu.product";

    /// <summary>The GPU memory label (MiB) of NVIDIA's GPU feature discovery.</summary>
    public const string GpuMemoryLabel = "nvidia.com/gpu.memory";

    /// <summary>The pod annotation an Indexed Job sets to the pod's completion index.</summary>
    public const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

    private const string HandlePrefix = "k8s:";

    /// <summary>The Job of one attempt: <c>gantry-&lt;id&gt;-&lt;attempt&gt;</c> (a DNS label, also the headless service's name).</summary>
    public static string JobName(long jobId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"gantry-{jobId}-{attempt}");

    /// <summary>
    /// The handle the server stores: <c>k8s:&lt;namespace&gt;/&lt;job&gt;</c>, followed by <c>:&lt;job directory&gt;</c>
    /// when the pool's pods share the job directory, so the exit file is found even after the Job is gone.
    /// </summary>
    public static string Handle(string ns, string jobName, string? jobDirectory = null) =>
        jobDirectory is null ? $"{HandlePrefix}{ns}/{jobName}" : $"{HandlePrefix}{ns}/{jobName}:{jobDirectory}";

    public static bool TryParseHandle(string handle, out string ns, out string jobName) =>
        TryParseHandle(handle, out ns, out jobName, out _);

    public static bool TryParseHandle(string handle, out string ns, out string jobName, out string? jobDirectory)
    {
        ns = jobName = "";
        jobDirectory = null;
        if (!handle.StartsWith(HandlePrefix, StringComparison.Ordinal))
            return false;
        var rest = handle[HandlePrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            jobDirectory = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!Path.IsPathFullyQualified(jobDirectory))
                return false;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
            return false;
        ns = rest[..slash];
        jobName = rest[(slash + 1)..];
        return IsDnsLabel(ns) && IsDnsLabel(jobName);
    }

    /// <summary>The attempt number at the end of a Job's name (<see cref="JobName"/>), or null.</summary>
    public static int? AttemptOf(string jobName)
    {
        var dash = jobName.LastIndexOf('-');
        return dash > 0 && int.TryParse(jobName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : null;
    }

    /// <summary>RFC 1123 subdomain (the names of most objects, claims among them): dot-separated labels, at most 253.</summary>
    public static bool IsDnsSubdomain(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 253 && value.Split('.').All(IsDnsLabel);

    /// <summary>RFC 1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most 63.</summary>
    public static bool IsDnsLabel(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= 63
        && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
