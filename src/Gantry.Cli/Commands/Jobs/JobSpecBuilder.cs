using Gantry.Core;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Commands.Jobs;

/// <summary>
/// Builds the <see cref="JobSpec"/> to submit: the YAML file's fields (if any), with every flag given
/// overriding its field, then checked with the server's own rules so mistakes are caught before sending.
/// </summary>
internal static class JobSpecBuilder
{
    public static Outcome<JobSpec> Build(string? yaml, JobSpecFlags flags)
    {
        var spec = new JobSpec();
        if (yaml is not null)
        {
            var parsed = JobSpecYaml.Parse(yaml);
            if (!parsed.IsOk)
                return parsed.Error;
            spec = parsed.Value;
        }

        var env = MergeEnv(spec.Env, flags.Env);
        if (!env.IsOk)
            return env.Error;

        var resources = spec.Resources ?? new ResourceSpec();
        resources = resources with
        {
            Gpus = flags.Gpus ?? resources.Gpus,
            GpuType = flags.GpuType ?? resources.GpuType,
            Cpus = flags.Cpus ?? resources.Cpus,
            Memory = flags.Memory ?? resources.Memory,
            Nodes = flags.Nodes ?? resources.Nodes,
        };
        var anyResource = resources != new ResourceSpec();

        spec = spec with
        {
            Name = flags.Name ?? spec.Name,
            Project = flags.Project ?? spec.Project,
            Command = flags.Command.Count > 0 ? flags.Command.ToArray() : spec.Command,
            Resources = anyResource ? resources : null,
            Env = env.Value,
            Priority = flags.Priority ?? spec.Priority,
            Preemptible = flags.Preemptible ?? spec.Preemptible,
            MaxRetries = flags.MaxRetries ?? spec.MaxRetries,
            TimeLimit = flags.TimeLimit ?? spec.TimeLimit,
            Array = flags.Array ?? spec.Array,
            Pool = flags.Pool ?? spec.Pool,
        };

        if (spec.Command is null || spec.Command.Count == 0)
            return GantryError.Invalid("no command to run: put it after --, as in `gantry job submit --gpus 1 -- python3 train.py`, or in the job file");
        var check = JobSpecValidator.Validate(spec);
        return check.IsOk ? spec : check.Error;
    }

    private static Outcome<Dictionary<string, string>?> MergeEnv(Dictionary<string, string>? fromFile, IReadOnlyList<string> flags)
    {
        if (flags.Count == 0)
            return fromFile;
        var env = fromFile is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(fromFile, StringComparer.Ordinal);
        foreach (var pair in flags)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return GantryError.Invalid($"--env '{pair}' must be NAME=VALUE");
            env[pair[..eq]] = pair[(eq + 1)..];
        }

        return env;
    }
}
