using Gantry.Core.Api.Data;
using Gantry.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Gantry.Core.Jobs;

/// <summary>Reads a job spec written in YAML; unknown fields are errors, as in JSON.</summary>
public static class JobSpecYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    public static Outcome<JobSpec> Parse(string yaml)
    {
        try
        {
            var doc = Deserializer.Deserialize<YamlJobSpec?>(yaml);
            if (doc is null)
                return GantryError.Invalid("the job spec is empty");
            return doc.ToSpec();
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            return GantryError.Invalid($"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Clean(message)}");
        }
    }

    private static string Clean(string message) =>
        message.Replace("Property '", "unknown field '", StringComparison.Ordinal)
            .Replace("' not found on type 'Gantry.Core.Jobs.JobSpecYaml+YamlJobSpec'.", "'", StringComparison.Ordinal)
            .Replace("' not found on type 'Gantry.Core.Jobs.JobSpecYaml+YamlDataInput'.", "' in inputs", StringComparison.Ordinal)
            .Replace("' not found on type 'Gantry.Core.Jobs.JobSpecYaml+YamlDataOutput'.", "' in outputs", StringComparison.Ordinal)
            .Replace("' not found on type 'Gantry.Core.Jobs.JobSpecYaml+YamlResources'.", "' in resources", StringComparison.Ordinal)
            .Replace("' not found on type 'Gantry.Core.Jobs.JobSpecYaml+YamlDistributed'.", "' in distributed", StringComparison.Ordinal);

    // YamlDotNet needs settable properties; these mirror JobSpec and convert to it.
    private sealed class YamlJobSpec
    {
        public string? Name { get; set; }

        public string? Project { get; set; }

        public object? Command { get; set; }

        public YamlResources? Resources { get; set; }

        public Dictionary<string, string>? Env { get; set; }

        public int? Priority { get; set; }

        public bool? Preemptible { get; set; }

        public int? MaxRetries { get; set; }

        public string? TimeLimit { get; set; }

        public string? Array { get; set; }

        public string? Pool { get; set; }

        public List<YamlDataInput>? Inputs { get; set; }

        public List<YamlDataOutput>? Outputs { get; set; }

        public YamlDistributed? Distributed { get; set; }

        public bool? Burst { get; set; }

        public string? Image { get; set; }

        public Outcome<JobSpec> ToSpec()
        {
            IReadOnlyList<string>? command = Command switch
            {
                null => null,
                string s => JobCommand.FromShell(s),
                List<object> list when list.All(o => o is string) => list.Cast<string>().ToArray(),
                _ => null,
            };
            if (Command is not null && command is null)
                return GantryError.Invalid("command must be a list of strings or one string");
            return new JobSpec
            {
                Name = Name,
                Project = Project,
                Command = command,
                Resources = Resources?.ToSpec(),
                Env = Env,
                Priority = Priority,
                Preemptible = Preemptible,
                MaxRetries = MaxRetries,
                TimeLimit = TimeLimit,
                Array = Array,
                Pool = Pool,
                Inputs = Inputs?.Select(i => i?.ToSpec()!).ToArray(),
                Outputs = Outputs?.Select(o => o?.ToSpec()!).ToArray(),
                Distributed = Distributed?.ToSpec(),
                Burst = Burst,
                Image = Image,
            };
        }
    }

    private sealed class YamlResources
    {
        public int? Gpus { get; set; }

        public string? GpuType { get; set; }

        public double? Cpus { get; set; }

        public string? Memory { get; set; }

        public int? Nodes { get; set; }

        public double? GpuFraction { get; set; }

        public ResourceSpec ToSpec() => new()
        {
            Gpus = Gpus,
            GpuType = GpuType,
            Cpus = Cpus,
            Memory = Memory,
            Nodes = Nodes,
            GpuFraction = GpuFraction,
        };
    }

    private sealed class YamlDistributed
    {
        public string? Framework { get; set; }

        public int? ProcessesPerNode { get; set; }

        public DistributedSpec ToSpec() => new() { Framework = Framework, ProcessesPerNode = ProcessesPerNode };
    }

    private sealed class YamlDataInput
    {
        public string? Dataset { get; set; }

        public string? Path { get; set; }

        public DataInputSpec ToSpec() => new() { Dataset = Dataset, Path = Path };
    }

    private sealed class YamlDataOutput
    {
        public string? Dataset { get; set; }

        public string? Model { get; set; }

        public string? Path { get; set; }

        public DataOutputSpec ToSpec() => new() { Dataset = Dataset, Model = Model, Path = Path };
    }
}
