namespace Gantry.Execution.Slurm;

/// <summary>
/// Settings of a pool backed by a Slurm cluster (<c>Pools:&lt;name&gt;:Slurm</c>); call <see cref="Validate"/> at
/// start-up. Gantry's job directories (under its data directory) must be on a file system that the Slurm
/// nodes mount at the same path: the job's working directory, logs and exit file live there.
/// </summary>
public sealed class SlurmExecutorOptions
{
    /// <summary>The partition whose nodes this pool offers and where jobs are submitted.</summary>
    /// <value>The default value is <see langword="null"/>: the cluster's default partition for jobs, every partition for discovery.</value>
    public string? Partition { get; set; }

    /// <summary>The account jobs are charged to in Slurm (<c>--account</c>).</summary>
    /// <value>The default value is <see langword="null"/> (the user's default account).</value>
    public string? Account { get; set; }

    /// <summary>The quality of service of the jobs (<c>--qos</c>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Qos { get; set; }

    /// <summary>Further <c>sbatch</c> options, one argument each (e.g. <c>--constraint=ib</c>), added before Gantry's own.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> ExtraSbatchArgs { get; set; } = [];

    /// <summary>
    /// The start of every job's name in Slurm (<c>PREFIX-&lt;gantry job id&gt;</c>), which <c>squeue</c> shows; give each
    /// Gantry server sharing one cluster its own.
    /// </summary>
    /// <value>The default value is "gantry".</value>
    public string JobNamePrefix { get; set; } = "gantry";

    /// <summary>The directory holding <c>sbatch</c>, <c>squeue</c>, <c>scontrol</c>, <c>scancel</c> and <c>sinfo</c>.</summary>
    /// <value>The default value is <see langword="null"/>: they are looked up on PATH.</value>
    public string? BinDirectory { get; set; }

    /// <summary>
    /// A program and arguments put before every Slurm command, e.g. <c>["ssh", "login1"]</c> when the server is not a
    /// submit host. Batch scripts travel on standard input, so nothing but the job directories needs to be shared.
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> CommandPrefix { get; set; } = [];

    /// <summary>How often the states of the pool's running jobs are read (one <c>squeue</c> call for all of them).</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one Slurm command may run before it is killed and counted as failed.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long past Gantry's own time limit Slurm's <c>--time</c> is set, so that Gantry (which cancels at the limit and
    /// records why) normally acts first and Slurm's limit is only the backstop.
    /// </summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan TimeLimitMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The model name given to GPUs whose GRES has no type (<c>gpu:4</c>); a typed GRES (<c>gpu:a100:4</c>) names its own.</summary>
    /// <value>The default value is "gpu".</value>
    public string UntypedGpuModel { get; set; } = "gpu";

    /// <summary>The vendor of the cluster's GPUs, which picks the visibility variable ("nvidia" or "amd").</summary>
    /// <value>The default value is "nvidia".</value>
    public string GpuVendor { get; set; } = "nvidia";

    /// <summary>Memory of one GPU by model (GRES type or <see cref="UntypedGpuModel"/>), for placement and the planner.</summary>
    /// <value>The default value is an empty map (unknown, 0).</value>
    public IDictionary<string, long> GpuMemoryBytes { get; set; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// Whether elements of one Gantry job array that Gantry starts together on the same nodes with the same resources are
    /// submitted as one Slurm array job (<c>sbatch --array</c>) rather than one <c>sbatch</c> each.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool SubmitArrays { get; set; } = true;

    /// <summary>
    /// The cluster's <c>MaxArraySize</c> (slurm.conf): Slurm array task ids must be below it. The task id of an element
    /// is its Gantry array index, so elements with a larger index are submitted one by one.
    /// </summary>
    /// <value>The default value is 1001 (Slurm's default).</value>
    public int MaxArraySize { get; set; } = 1001;

    /// <summary>The problems of these settings, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Partition is { } partition && !IsPlainWord(partition))
            errors.Add("Partition must be a plain name (letters, digits, '-', '_', '.').");
        if (Account is { } account && !IsPlainWord(account))
            errors.Add("Account must be a plain name (letters, digits, '-', '_', '.').");
        if (Qos is { } qos && !IsPlainWord(qos))
            errors.Add("Qos must be a plain name (letters, digits, '-', '_', '.').");
        if (!IsPlainWord(JobNamePrefix))
            errors.Add("JobNamePrefix must be a plain name (letters, digits, '-', '_', '.').");
        if (PollInterval <= TimeSpan.Zero)
            errors.Add("PollInterval must be positive.");
        if (CommandTimeout <= TimeSpan.Zero)
            errors.Add("CommandTimeout must be positive.");
        if (TimeLimitMargin < TimeSpan.Zero)
            errors.Add("TimeLimitMargin must not be negative.");
        if (MaxArraySize < 1)
            errors.Add("MaxArraySize must be at least 1.");
        if (string.IsNullOrWhiteSpace(UntypedGpuModel))
            errors.Add("UntypedGpuModel must not be empty.");
        if (GpuVendor is not ("nvidia" or "amd"))
            errors.Add("GpuVendor must be \"nvidia\" or \"amd\".");
        if (BinDirectory is { } bin && !Path.IsPathFullyQualified(bin))
            errors.Add("BinDirectory must be an absolute path.");
        if (CommandPrefix.Count > 0 && string.IsNullOrWhiteSpace(CommandPrefix[0]))
            errors.Add("CommandPrefix must start with a program.");
        foreach (var argument in ExtraSbatchArgs)
        {
            if (!argument.StartsWith('-'))
                errors.Add($"ExtraSbatchArgs entry '{argument}' must be an option (start with '-').");
        }

        foreach (var (model, bytes) in GpuMemoryBytes)
        {
            if (bytes < 0)
                errors.Add($"GpuMemoryBytes:{model} must not be negative.");
        }

        return errors;
    }

    private static bool IsPlainWord(string text) =>
        text.Length is > 0 and <= 128 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
