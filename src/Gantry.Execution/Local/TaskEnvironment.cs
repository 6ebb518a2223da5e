using System.Globalization;

namespace Gantry.Execution.Local;

/// <summary>
/// The environment of a local task: the server's own without its GANTRY_* settings (which may hold
/// secrets), the job's variables, and what Gantry tells the task about its allocation. Gantry's
/// variables come last so a job cannot widen the devices it was given.
/// </summary>
internal static class TaskEnvironment
{
    private const string Prefix = "GANTRY_";

    public static void Apply(IDictionary<string, string?> environment, LaunchRequest request, string outputDirectory)
    {
        foreach (var key in environment.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).ToList())
            environment.Remove(key);

        foreach (var (key, value) in request.Env)
            environment[key] = value;

        // NVML and nvidia-smi number GPUs in PCI bus order, CUDA by default fastest first: make CUDA
        // agree, or CUDA_VISIBLE_DEVICES=1 could mean another GPU than the one the scheduler chose.
        if (!request.Env.ContainsKey("CUDA_DEVICE_ORDER"))
            environment["CUDA_DEVICE_ORDER"] = "PCI_BUS_ID";

        environment["GANTRY_JOB_ID"] = request.JobId.ToString(CultureInfo.InvariantCulture);
        environment["GANTRY_ATTEMPT"] = request.Attempt.ToString(CultureInfo.InvariantCulture);
        environment["GANTRY_OUTPUT"] = outputDirectory;
        environment[Telemetry.JobMetricsFile.Variable] = Telemetry.JobMetricsFile.PathIn(request.JobDirectory);
        environment["GANTRY_NODE"] = request.Node;
        if (request.ArrayIndex is { } arrayIndex)
            environment["GANTRY_ARRAY_INDEX"] = arrayIndex.ToString(CultureInfo.InvariantCulture);
        else
            environment.Remove("GANTRY_ARRAY_INDEX");
        environment["GANTRY_GPUS"] = Indices(request, vendor: null);

        // Empty, not unset: an unset variable would let the task see every GPU of the machine.
        environment["CUDA_VISIBLE_DEVICES"] = Indices(request, "nvidia");
        var amd = Indices(request, "amd");
        environment["HIP_VISIBLE_DEVICES"] = amd;
        environment["ROCR_VISIBLE_DEVICES"] = amd;
        var threads = Math.Max(1, (int)Math.Min(Math.Floor(request.Cpus), int.MaxValue));
        environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
    }

    private static string Indices(LaunchRequest request, string? vendor) =>
        string.Join(",", request.Devices
            .Where(d => vendor is null || string.Equals(d.Vendor, vendor, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.Index.ToString(CultureInfo.InvariantCulture)));
}
