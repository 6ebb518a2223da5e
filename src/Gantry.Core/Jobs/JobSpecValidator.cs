using System.Text.RegularExpressions;
using Gantry.Core.Api.Data;
using Gantry.Core.Text;

namespace Gantry.Core.Jobs;

/// <summary>Turns what a user wrote into a <see cref="JobRequest"/>, or says exactly what is wrong.</summary>
public static partial class JobSpecValidator
{
    public const int MaxCommandArgs = 4096;
    public const int MaxCommandBytes = 256 * 1024;
    public const int MaxEnvBytes = 64 * 1024;
    public const int MaxGpusPerNode = 64;
    public const double MaxCpus = 4096;
    public const long MaxMemoryBytes = 64L << 40;
    public const int MaxNodes = 1024;
    public const int MaxRetriesLimit = 20;
    public const int PriorityLimit = 1_000_000;
    public static readonly TimeSpan MaxTimeLimit = TimeSpan.FromDays(365);

    /// <summary>Environment names Gantry sets itself; a job may not override them.</summary>
    public static readonly IReadOnlySet<string> ReservedEnv = new HashSet<string>(StringComparer.Ordinal)
    {
        "CUDA_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES",
    };

    // \z, not $: '$' also matches before a final newline, which would let "NAME\n" through.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    public static Outcome<JobRequest> Validate(JobSpec spec, string defaultProject = "default")
    {
        var name = spec.Name ?? "job";
        if (NameRules.Check(name, "job name") is { } nameError)
            return GantryError.Invalid(nameError);
        var project = spec.Project ?? defaultProject;
        if (NameRules.Check(project, "project") is { } projectError)
            return GantryError.Invalid(projectError);
        if (spec.Pool is not null && NameRules.Check(spec.Pool, "pool") is { } poolError)
            return GantryError.Invalid(poolError);
        if (DataBindingRules.Check(spec.Inputs, spec.Outputs) is { } dataError)
            return GantryError.Invalid(dataError);

        var command = ValidateCommand(spec.Command);
        if (!command.IsOk)
            return command.Error;
        var resources = ValidateResources(spec.Resources);
        if (!resources.IsOk)
            return resources.Error;
        var env = ValidateEnv(spec.Env);
        if (!env.IsOk)
            return env.Error;

        var priority = spec.Priority ?? 0;
        if (Math.Abs((long)priority) > PriorityLimit)
            return GantryError.Invalid($"priority {priority} is outside -{PriorityLimit}..{PriorityLimit}");
        var retries = spec.MaxRetries ?? 0;
        if (retries is < 0 or > MaxRetriesLimit)
            return GantryError.Invalid($"max_retries {retries} is outside 0..{MaxRetriesLimit}");

        TimeSpan? timeLimit = null;
        if (spec.TimeLimit is not null)
        {
            var parsed = DurationText.Parse(spec.TimeLimit, "time_limit");
            if (!parsed.IsOk)
                return parsed.Error;
            if (parsed.Value <= TimeSpan.Zero || parsed.Value > MaxTimeLimit)
                return GantryError.Invalid($"time_limit '{spec.TimeLimit}' must be above zero and at most 365 days");
            timeLimit = parsed.Value;
        }

        IReadOnlyList<int>? indices = null;
        if (spec.Array is not null)
        {
            var parsed = ArrayRange.Parse(spec.Array);
            if (!parsed.IsOk)
                return parsed.Error;
            indices = parsed.Value;
        }

        var distributed = ValidateDistributed(spec.Distributed, resources.Value);
        if (!distributed.IsOk)
            return distributed.Error;

        return new JobRequest(name, project, command.Value, resources.Value, env.Value, priority,
            spec.Preemptible ?? false, retries, timeLimit, indices, spec.Pool)
        { Distributed = distributed.Value };
    }

    private static Outcome<DistributedRequest?> ValidateDistributed(DistributedSpec? spec, ResourceRequest resources)
    {
        if (spec is null)
            return Outcome<DistributedRequest?>.Ok(null);
        var framework = spec.Framework?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(framework))
            return GantryError.Invalid("distributed.framework is required: one of " + string.Join(", ", DistributedRequest.Frameworks));
        if (!DistributedRequest.Frameworks.Contains(framework))
            return GantryError.Invalid($"distributed.framework '{Printable(framework)}' is not one of " + string.Join(", ", DistributedRequest.Frameworks));
        var processes = spec.ProcessesPerNode ?? 1;
        if (processes is < 1 or > DistributedRequest.MaxProcessesPerNode)
            return GantryError.Invalid($"distributed.processes_per_node {processes} is outside 1..{DistributedRequest.MaxProcessesPerNode}");
        if (processes > 1 && resources.Cpus < processes)
            return GantryError.Invalid($"distributed.processes_per_node {processes} needs at least as many CPUs per node; resources.cpus is {resources.Cpus}");
        if (resources.GpuMilli < 1000)
            return GantryError.Invalid("distributed jobs cannot share a GPU: remove resources.gpu_fraction");
        if (resources.Gpus > 0 && resources.Gpus % processes != 0)
            return GantryError.Invalid($"resources.gpus {resources.Gpus} (per node) must divide evenly among distributed.processes_per_node {processes}");
        return Outcome<DistributedRequest?>.Ok(new DistributedRequest(framework, processes));
    }

    private static Outcome<IReadOnlyList<string>> ValidateCommand(IReadOnlyList<string>? command)
    {
        if (command is null || command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
            return GantryError.Invalid("command is required: the program to run and its arguments");
        if (command.Count > MaxCommandArgs)
            return GantryError.Invalid($"command has {command.Count} arguments; the limit is {MaxCommandArgs}");
        long bytes = 0;
        foreach (var arg in command)
        {
            if (arg.Contains('\0', StringComparison.Ordinal))
                return GantryError.Invalid("command arguments must not contain NUL characters");
            bytes += arg.Length;
        }

        if (bytes > MaxCommandBytes)
            return GantryError.Invalid($"command is {bytes} characters long; the limit is {MaxCommandBytes}");
        return Outcome<IReadOnlyList<string>>.Ok(command.ToArray());
    }

    private static Outcome<ResourceRequest> ValidateResources(ResourceSpec? spec)
    {
        var d = ResourceRequest.Default;
        if (spec is null)
            return d;
        var gpus = spec.Gpus ?? d.Gpus;
        if (gpus is < 0 or > MaxGpusPerNode)
            return GantryError.Invalid($"resources.gpus {gpus} is outside 0..{MaxGpusPerNode}");
        var cpus = spec.Cpus ?? d.Cpus;
        if (double.IsNaN(cpus) || cpus <= 0 || cpus > MaxCpus)
            return GantryError.Invalid($"resources.cpus {cpus} must be above 0 and at most {MaxCpus}");
        var memory = d.MemoryBytes;
        if (spec.Memory is not null)
        {
            var parsed = MemorySize.Parse(spec.Memory, "resources.memory");
            if (!parsed.IsOk)
                return parsed.Error;
            memory = parsed.Value;
            if (memory <= 0 || memory > MaxMemoryBytes)
                return GantryError.Invalid($"resources.memory '{spec.Memory}' must be above 0 and at most 64Ti");
        }

        var nodes = spec.Nodes ?? d.Nodes;
        if (nodes is < 1 or > MaxNodes)
            return GantryError.Invalid($"resources.nodes {nodes} is outside 1..{MaxNodes}");
        var milli = 1000;
        if (spec.GpuFraction is { } fraction)
        {
            if (double.IsNaN(fraction) || fraction <= 0 || fraction > 1)
                return GantryError.Invalid($"resources.gpu_fraction {fraction} must be above 0 and at most 1");
            if (spec.Gpus is not null and not 1)
                return GantryError.Invalid("resources.gpu_fraction shares one GPU: it needs gpus 1, not " + spec.Gpus);
            if (nodes > 1)
                return GantryError.Invalid("resources.gpu_fraction cannot be combined with nodes > 1");
            gpus = 1;
            milli = Math.Max(1, (int)Math.Round(fraction * 1000));
        }

        if (spec.GpuType is not null)
        {
            if (NameRules.Check(spec.GpuType, "resources.gpu_type") is { } typeError)
                return GantryError.Invalid(typeError);
            if (gpus == 0)
                return GantryError.Invalid("resources.gpu_type is set but resources.gpus is 0");
        }

        return new ResourceRequest(gpus, spec.GpuType, cpus, memory, nodes) { GpuMilli = milli };
    }

    private static Outcome<IReadOnlyDictionary<string, string>> ValidateEnv(Dictionary<string, string>? env)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (env is null)
            return result;
        long bytes = 0;
        foreach (var (key, value) in env)
        {
            if (!EnvName().IsMatch(key))
                return GantryError.Invalid($"env name '{Printable(key)}' must be letters, digits and '_', not starting with a digit");
            if (key.StartsWith("GANTRY_", StringComparison.Ordinal) || ReservedEnv.Contains(key))
                return GantryError.Invalid($"env name '{key}' is reserved: Gantry sets it for every job");
            if (value is null || value.Contains('\0', StringComparison.Ordinal))
                return GantryError.Invalid($"env '{key}' must have a value without NUL characters");
            bytes += key.Length + value.Length;
            result[key] = value;
        }

        if (bytes > MaxEnvBytes)
            return GantryError.Invalid($"env is {bytes} characters; the limit is {MaxEnvBytes}");
        return result;
    }

    private static string Printable(string s) =>
        new(s.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());
}
