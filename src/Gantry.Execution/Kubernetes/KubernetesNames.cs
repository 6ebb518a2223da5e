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

    /// <summary>The handle the server stores: <c>k8s:&lt;namespace&gt;/&lt;job&gt;</c>.</summary>
    public static string Handle(string ns, string jobName) => $"{HandlePrefix}{ns}/{jobName}";

    public static bool TryParseHandle(string handle, out string ns, out string jobName)
    {
        ns = jobName = "";
        if (!handle.StartsWith(HandlePrefix, StringComparison.Ordinal))
            return false;
        var rest = handle[HandlePrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
            return false;
        ns = rest[..slash];
        jobName = rest[(slash + 1)..];
        return IsDnsLabel(ns) && IsDnsLabel(jobName);
    }

    /// <summary>RFC 1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most 63.</summary>
    public static bool IsDnsLabel(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= 63
        && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
