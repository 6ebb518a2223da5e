using System.Globalization;
using System.Text;
using System.Text.Json;
using Gantry.Core.Jobs;

namespace Gantry.Execution.Distributed;

/// <summary>
/// The environment each process of a distributed job gets, as its framework expects it: the torchrun variables
/// (<c>MASTER_ADDR</c>, <c>MASTER_PORT</c>, <c>WORLD_SIZE</c>, <c>RANK</c>, <c>LOCAL_RANK</c>, <c>NODE_RANK</c>,
/// <c>LOCAL_WORLD_SIZE</c>) for every framework, <c>TF_CONFIG</c> for TensorFlow, and the <c>spark-submit</c> command
/// line for Spark. Pure: the executors (local, Slurm) apply it.
/// </summary>
public static class DistributedEnvironment
{
    /// <summary>The first rendezvous port (PyTorch's default); ports stay below Linux's ephemeral range (32768).</summary>
    public const int PortBase = 29500;

    /// <summary>How many ports the job ids are spread over.</summary>
    public const int PortRange = 3000;

    /// <summary>The rendezvous port of a job: stable for its id, so a retry or a re-attached job keeps it.</summary>
    public static int MasterPort(long jobId) => PortBase + (int)(Math.Abs(jobId % PortRange));

    /// <summary>The variables every process of the job shares.</summary>
    public static IReadOnlyDictionary<string, string> Shared(DistributedLayout layout)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MASTER_ADDR"] = layout.MasterAddress,
            ["MASTER_PORT"] = Text(layout.MasterPort),
            ["WORLD_SIZE"] = Text(layout.WorldSize),
            ["LOCAL_WORLD_SIZE"] = Text(layout.ProcessesPerNode),
            ["NNODES"] = Text(layout.Nodes.Count),
            ["GANTRY_DISTRIBUTED"] = layout.Framework,
        };
        return env;
    }

    /// <summary>The whole environment of the process <paramref name="localRank"/> on node <paramref name="nodeRank"/>.</summary>
    public static IReadOnlyDictionary<string, string> ForProcess(DistributedLayout layout, int nodeRank, int localRank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeRank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeRank, layout.Nodes.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(localRank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(localRank, layout.ProcessesPerNode);
        var rank = Rank(layout, nodeRank, localRank);
        var env = new Dictionary<string, string>(Shared(layout), StringComparer.Ordinal)
        {
            ["RANK"] = Text(rank),
            ["LOCAL_RANK"] = Text(localRank),
            ["NODE_RANK"] = Text(nodeRank),
            ["GROUP_RANK"] = Text(nodeRank),
        };
        if (layout.Framework == DistributedRequest.TensorFlow)
            env["TF_CONFIG"] = TfConfig(layout, rank);
        return env;
    }

    /// <summary>Ranks run node by node: the processes of node 0 are ranks 0..n-1 (as torchrun and srun number them).</summary>
    public static int Rank(DistributedLayout layout, int nodeRank, int localRank) => (nodeRank * layout.ProcessesPerNode) + localRank;

    /// <summary>
    /// Every TensorFlow worker as host:port, in rank order. Workers of one node listen on consecutive ports from the
    /// job's rendezvous port.
    /// </summary>
    public static IReadOnlyList<string> TfWorkers(DistributedLayout layout) =>
        layout.Nodes.SelectMany(node => Enumerable.Range(0, layout.ProcessesPerNode)
            .Select(local => $"{node}:{Text(layout.MasterPort + local)}")).ToArray();

    /// <summary><c>TF_CONFIG</c> of the worker with rank <paramref name="rank"/>.</summary>
    public static string TfConfig(DistributedLayout layout, int rank)
    {
        var (prefix, suffix) = TfConfigParts(layout);
        return prefix + Text(rank) + suffix;
    }

    /// <summary>
    /// <c>TF_CONFIG</c> around the task index: prefix + rank + suffix. The Slurm wrapper joins the parts with
    /// the task's <c>RANK</c>, so the JSON is built in one place.
    /// </summary>
    public static (string Prefix, string Suffix) TfConfigParts(DistributedLayout layout)
    {
        var workers = JsonSerializer.Serialize(TfWorkers(layout));
        return ("{\"cluster\":{\"worker\":" + workers + "},\"task\":{\"type\":\"worker\",\"index\":", "}}");
    }

    /// <summary>
    /// The Spark master: the job's own <c>SPARK_MASTER_URL</c> when it names a standing cluster, else
    /// <c>local[N]</c> with the job's CPUs on one node. Several nodes without a standing cluster are refused.
    /// </summary>
    public static Core.Outcome<string> SparkMaster(DistributedLayout layout, IReadOnlyDictionary<string, string> jobEnv, double cpus)
    {
        if (jobEnv.TryGetValue("SPARK_MASTER_URL", out var url) && url.Length > 0)
            return url;
        if (layout.Nodes.Count > 1)
            return Core.GantryError.Invalid("a Spark job on several nodes needs a standing Spark cluster: set env SPARK_MASTER_URL (spark://host:7077)");
        var threads = Math.Max(1, (int)Math.Floor(cpus));
        return $"local[{Text(threads)}]";
    }

    /// <summary>
    /// The argv of a Spark job: <c>spark-submit --master URL --name NAME</c> before the application and its arguments,
    /// unless the command already starts with <c>spark-submit</c> (then only a missing <c>--master</c> is added).
    /// </summary>
    public static IReadOnlyList<string> SparkSubmit(IReadOnlyList<string> command, string master, string name)
    {
        if (command.Count > 0 && Path.GetFileName(command[0]) == "spark-submit")
        {
            if (command.Any(a => a == "--master" || a.StartsWith("--master=", StringComparison.Ordinal)))
                return command;
            return [command[0], "--master", master, .. command.Skip(1)];
        }

        return ["spark-submit", "--master", master, "--name", name, .. command];
    }

    /// <summary>A short description for logs: "pytorch 2×3 on a,b (port 29512)".</summary>
    public static string Describe(DistributedLayout layout)
    {
        var text = new StringBuilder();
        text.Append(layout.Framework).Append(' ')
            .Append(Text(layout.Nodes.Count)).Append('×').Append(Text(layout.ProcessesPerNode))
            .Append(" on ").Append(string.Join(',', layout.Nodes))
            .Append(" (port ").Append(Text(layout.MasterPort)).Append(')');
        return text.ToString();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
