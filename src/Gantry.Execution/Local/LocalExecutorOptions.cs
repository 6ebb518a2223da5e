using Gantry.Execution.Discovery;

namespace Gantry.Execution.Local;

/// <summary>
/// Settings of the local executor and of the hardware discovery of this machine; bind them from
/// configuration and call <see cref="Validate"/> at start-up.
/// </summary>
public sealed class LocalExecutorOptions
{
    /// <summary>The name this machine has as a node of the cluster.</summary>
    /// <value>The default value is <see cref="Environment.MachineName"/>.</value>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Whether to look for NVIDIA (NVML, <c>nvidia-smi</c>) and AMD (<c>rocm-smi</c>) GPUs.</summary>
    /// <value>The default value is <see langword="true"/>; tests turn it off so they behave alike on any machine.</value>
    public bool DiscoverGpus { get; set; } = true;

    /// <summary>Accelerators to add to the discovered ones, indexed after them.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<DeclaredAccelerator> DeclaredAccelerators { get; set; } = [];

    /// <summary>CPUs kept for the server and the system, not offered to jobs.</summary>
    /// <value>The default value is 0.</value>
    public int ReservedCpus { get; set; }

    /// <summary>Bytes of memory kept for the server and the system, not offered to jobs.</summary>
    /// <value>The default value is 0.</value>
    public long ReservedMemoryBytes { get; set; }

    /// <summary>How long a discovery command (<c>nvidia-smi</c>, <c>rocm-smi</c>) may run before it is killed.</summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan DiscoveryCommandTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the state of a re-attached task (one launched before a server restart) is checked.</summary>
    /// <value>The default value is 250 milliseconds.</value>
    public TimeSpan ReattachPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The problems of these settings, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(NodeName))
            errors.Add("NodeName must not be empty.");
        if (ReservedCpus < 0)
            errors.Add("ReservedCpus must not be negative.");
        if (ReservedMemoryBytes < 0)
            errors.Add("ReservedMemoryBytes must not be negative.");
        if (DiscoveryCommandTimeout <= TimeSpan.Zero)
            errors.Add("DiscoveryCommandTimeout must be positive.");
        if (ReattachPollInterval <= TimeSpan.Zero)
            errors.Add("ReattachPollInterval must be positive.");
        for (var i = 0; i < DeclaredAccelerators.Count; i++)
        {
            var declared = DeclaredAccelerators[i];
            if (string.IsNullOrWhiteSpace(declared.Model))
                errors.Add($"DeclaredAccelerators[{i}].Model must not be empty.");
            if (declared.Count < 0)
                errors.Add($"DeclaredAccelerators[{i}].Count must not be negative.");
            if (declared.MemoryBytes < 0)
                errors.Add($"DeclaredAccelerators[{i}].MemoryBytes must not be negative.");
            if (string.IsNullOrWhiteSpace(declared.Vendor))
                errors.Add($"DeclaredAccelerators[{i}].Vendor must not be empty.");
        }

        return errors;
    }
}
