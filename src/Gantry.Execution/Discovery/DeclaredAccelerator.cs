namespace Gantry.Execution.Discovery;

/// <summary>
/// Accelerators named in configuration rather than discovered: a TPU slice (<see cref="IsGpu"/> false),
/// or test GPUs on a machine without any. They get device indices after the discovered ones.
/// </summary>
public sealed record DeclaredAccelerator
{
    /// <summary>The model name jobs match their <c>gpu_type</c> against.</summary>
    /// <value>The default value is the empty string, which is invalid: every declaration names a model.</value>
    public string Model { get; init; } = "";

    /// <summary>How many devices of this model the node has.</summary>
    /// <value>The default value is 1.</value>
    public int Count { get; init; } = 1;

    /// <summary>The memory of one device, in bytes.</summary>
    /// <value>The default value is 0 (unknown).</value>
    public long MemoryBytes { get; init; }

    /// <summary>Whether jobs that ask for GPUs without a type may get these devices.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IsGpu { get; init; } = true;

    /// <summary>
    /// The vendor; "nvidia" or "amd" make the executor set <c>CUDA_VISIBLE_DEVICES</c> or
    /// <c>HIP_VISIBLE_DEVICES</c> for them like for discovered devices.
    /// </summary>
    /// <value>The default value is "declared".</value>
    public string Vendor { get; init; } = "declared";
}
