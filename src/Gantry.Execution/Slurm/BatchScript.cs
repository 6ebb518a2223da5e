using System.Globalization;
using System.Text;
using Gantry.Core.Jobs;
using Gantry.Execution.Distributed;

namespace Gantry.Execution.Slurm;

/// <summary>
/// The batch script and the <c>sbatch</c> options of one attempt. The script is self-contained (it travels to Slurm on
/// standard input): it exports the job's environment and Gantry's variables, runs the command — directly, or for a gang
/// or a distributed job as one <c>srun</c> step whose tasks take <c>RANK</c>, <c>LOCAL_RANK</c> and <c>NODE_RANK</c>
/// from <c>SLURM_PROCID</c>, <c>SLURM_LOCALID</c> and <c>SLURM_NODEID</c> (on several nodes, from their node's place in
/// Gantry's order) — and records the command's status in the
/// attempt's exit file, as the local executor's wrapper does.
/// </summary>
internal static class BatchScript
{
    public const string StdoutLog = "stdout.log";
    public const string StderrLog = "stderr.log";

    /// <summary>The job's name in Slurm, which <c>squeue</c> shows.</summary>
    public static string JobName(SlurmExecutorOptions options, long jobId) => options.JobNamePrefix + "-" + jobId.ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> SbatchArguments(LaunchRequest request, SlurmExecutorOptions options, string jobDirectory)
    {
        var args = new List<string> { "--parsable", "--job-name=" + JobName(options, request.JobId) };
        args.AddRange(Placement(request, options));
        args.Add("--output=" + SlurmPath(Path.Combine(jobDirectory, StdoutLog)));
        args.Add("--error=" + SlurmPath(Path.Combine(jobDirectory, StderrLog)));
        args.Add("--open-mode=append");
        args.Add("--chdir=" + Path.Combine(jobDirectory, "work"));
        args.AddRange(Finally);
        return args;
    }

    /// <summary>
    /// Where and with what the job runs: partition, account, QoS, the extra options, nodes, tasks, CPUs, memory, GPUs
    /// and time limit. Tasks whose placements are equal can share one array job.
    /// </summary>
    public static IReadOnlyList<string> Placement(LaunchRequest request, SlurmExecutorOptions options)
    {
        var nodes = request.AllNodes;
        var processes = TasksPerNode(request);
        var args = new List<string>();
        if (options.Partition is { } partition)
            args.Add("--partition=" + partition);
        if (options.Account is { } account)
            args.Add("--account=" + account);
        if (options.Qos is { } qos)
            args.Add("--qos=" + qos);
        args.AddRange(options.ExtraSbatchArgs);
        args.Add("--nodes=" + Text(nodes.Count));
        args.Add("--nodelist=" + string.Join(',', nodes));
        args.Add("--ntasks-per-node=" + Text(processes));
        args.Add("--cpus-per-task=" + Text(Math.Max(1, (int)Math.Floor(request.Cpus / processes))));
        args.Add("--mem=" + Text(Math.Max(1, (request.MemoryBytes + (1L << 20) - 1) >> 20)) + "M");
        if (Gres(request, options) is { } gres)
            args.Add("--gres=" + gres);
        if (request.TimeLimit is { } limit)
            args.Add("--time=" + Text((long)Math.Ceiling((limit + options.TimeLimitMargin).TotalMinutes)));
        return args;
    }

    // Gantry retries and requeues (preemption) itself, keeping its accounting; Slurm must not do it behind its back.
    public static IReadOnlyList<string> Finally { get; } = ["--no-requeue", "--export=ALL"];

    /// <summary><c>gpu:N</c>, or <c>gpu:TYPE:N</c> when the placed GPUs have a GRES type; null without GPUs.</summary>
    public static string? Gres(LaunchRequest request, SlurmExecutorOptions options)
    {
        if (request.Devices.Count == 0)
            return null;
        var models = request.Devices.Select(d => d.Model).Distinct(StringComparer.Ordinal).ToArray();
        var count = Text(request.Devices.Count);
        return models.Length == 1 && models[0] != options.UntypedGpuModel ? $"gpu:{models[0]}:{count}" : "gpu:" + count;
    }

    /// <summary>Tasks per node: the distributed job's processes (Spark runs one driver), else one.</summary>
    public static int TasksPerNode(LaunchRequest request) =>
        request.Distributed is { Framework: not DistributedRequest.Spark } d ? d.ProcessesPerNode : 1;

    /// <summary>Whether the command runs as an <c>srun</c> step (a gang, or several processes) rather than in the batch step itself.</summary>
    public static bool UsesSrun(LaunchRequest request) => request.AllNodes.Count > 1 || TasksPerNode(request) > 1;

    public static string Render(LaunchRequest request, IReadOnlyList<string> command, string jobDirectory, string exitFile)
    {
        var s = new StringBuilder();
        s.Append("#!/bin/sh\n");
        s.Append("# Gantry job ").Append(Text(request.JobId)).Append(", attempt ").Append(Text(request.Attempt))
            .Append(": the command's status goes to the exit file, which the server reads when Slurm has forgotten the job.\n");
        s.Append("trap 'gantry_term=1' TERM\n");
        foreach (var (key, value) in Variables(request, jobDirectory))
            Export(s, key, value);
        s.Append("export GANTRY_SLURM_JOB_ID=\"${SLURM_JOB_ID:-}\"\n");
        if (request.ArrayIndex is null)
            s.Append("if [ -n \"${SLURM_ARRAY_TASK_ID:-}\" ]; then export GANTRY_ARRAY_INDEX=\"$SLURM_ARRAY_TASK_ID\"; else unset GANTRY_ARRAY_INDEX; fi\n");

        DistributedLayout? layout = request.Distributed is { } d ? DistributedLayout.For(d, request.AllNodes, request.JobId) : null;
        if (layout is not null)
        {
            foreach (var (key, value) in DistributedEnvironment.Shared(layout).OrderBy(e => e.Key, StringComparer.Ordinal))
                Export(s, key, value);
        }

        s.Append("gantry_exit=").Append(ShellQuote.Quote(exitFile)).Append('\n');
        AppendArguments(s, command);
        AppendRun(s, request, layout);
        return s.ToString();
    }

    /// <summary>
    /// The variables the task gets, each once, the last setting winning: the job's environment (sorted), then Gantry's
    /// own (<c>GANTRY_JOB_ID</c>, <c>GANTRY_OUTPUT</c>, ...), which a job cannot override.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Variables(LaunchRequest request, string jobDirectory)
    {
        var variables = new List<KeyValuePair<string, string>>();
        void Set(string key, string value)
        {
            variables.RemoveAll(v => v.Key == key);
            variables.Add(new(key, value));
        }

        foreach (var (key, value) in request.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
            Set(key, value);
        if (!request.Env.ContainsKey("CUDA_DEVICE_ORDER"))
            Set("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        Set("GANTRY_JOB_ID", Text(request.JobId));
        Set("GANTRY_ATTEMPT", Text(request.Attempt));
        Set("GANTRY_OUTPUT", Path.Combine(jobDirectory, "output"));
        Set(Telemetry.JobMetricsFile.Variable, Telemetry.JobMetricsFile.PathIn(jobDirectory));
        Set("GANTRY_NODE", request.Node);
        Set("OMP_NUM_THREADS", Text(Math.Max(1, (int)Math.Floor(request.Cpus / TasksPerNode(request)))));
        if (request.ArrayIndex is { } index)
            Set("GANTRY_ARRAY_INDEX", Text(index));
        return variables;
    }

    /// <summary>Sets the positional parameters to the command's argv, each word quoted.</summary>
    public static void AppendArguments(StringBuilder s, IReadOnlyList<string> command)
    {
        s.Append("set --");
        foreach (var argument in command)
            s.Append(' ').Append(ShellQuote.Quote(argument));
        s.Append('\n');
    }

    /// <summary>
    /// The end of every batch script: the GPUs Slurm chose, then the command (<c>"$@"</c>) directly or as an
    /// <c>srun</c> step, and its status into <c>$gantry_exit</c>.
    /// </summary>
    public static void AppendRun(StringBuilder s, LaunchRequest request, DistributedLayout? layout)
    {
        // Slurm picks the GPUs inside the node and sets CUDA_VISIBLE_DEVICES for them; without GPUs, none may leak in.
        s.Append("if [ -n \"${SLURM_JOB_GPUS:-}\" ]; then export GANTRY_GPUS=\"$SLURM_JOB_GPUS\"; ")
            .Append("else export GANTRY_GPUS= CUDA_VISIBLE_DEVICES= HIP_VISIBLE_DEVICES= ROCR_VISIBLE_DEVICES=; fi\n");
        s.Append("if [ -z \"${gantry_term:-}\" ]; then\n");
        if (UsesSrun(request))
        {
            s.Append("  srun --kill-on-bad-exit=1 --export=ALL /bin/sh -c ")
                .Append(ShellQuote.Quote(RankScript(layout)))
                .Append(" gantry-rank \"$@\" </dev/null\n");
        }
        else
        {
            s.Append("  \"$@\" </dev/null\n");
        }

        s.Append(Local.TaskWrapper.RecordStatus).Append('\n');
    }

    /// <summary>
    /// What each <c>srun</c> task runs before the command: its ranks, and TF_CONFIG for TensorFlow. On several nodes the
    /// node rank is the task's node (<c>SLURMD_NODENAME</c>) in Gantry's order, whose first node is <c>MASTER_ADDR</c>:
    /// Slurm numbers a job's nodes (<c>SLURM_NODEID</c>, <c>SLURM_PROCID</c>) in its node table's order instead, so
    /// rank 0 could run on another node than the rendezvous.
    /// </summary>
    public static string RankScript(DistributedLayout? layout)
    {
        var s = new StringBuilder();
        if (layout is { Nodes.Count: > 1 })
        {
            s.Append("gantry_node_rank=\"$SLURM_NODEID\"; gantry_i=0; for gantry_n in");
            foreach (var node in layout.Nodes)
                s.Append(' ').Append(ShellQuote.Quote(node));
            s.Append("; do if [ \"$gantry_n\" = \"${SLURMD_NODENAME:-}\" ]; then gantry_node_rank=$gantry_i; fi; gantry_i=$((gantry_i + 1)); done; ");
            s.Append("export NODE_RANK=\"$gantry_node_rank\" GROUP_RANK=\"$gantry_node_rank\" LOCAL_RANK=\"$SLURM_LOCALID\" ")
                .Append("RANK=$((gantry_node_rank * ").Append(Text(layout.ProcessesPerNode)).Append(" + SLURM_LOCALID)); ");
        }
        else
        {
            s.Append("export RANK=\"$SLURM_PROCID\" LOCAL_RANK=\"$SLURM_LOCALID\" NODE_RANK=\"$SLURM_NODEID\" GROUP_RANK=\"$SLURM_NODEID\"; ");
        }

        if (layout is { Framework: DistributedRequest.TensorFlow })
        {
            var (prefix, suffix) = DistributedEnvironment.TfConfigParts(layout);
            s.Append("export TF_CONFIG=").Append(ShellQuote.Quote(prefix)).Append("\"$RANK\"").Append(ShellQuote.Quote(suffix)).Append("; ");
        }

        s.Append("exec \"$@\"");
        return s.ToString();
    }

    public static void Export(StringBuilder s, string key, string value) =>
        s.Append("export ").Append(key).Append('=').Append(ShellQuote.Quote(value)).Append('\n');

    // Slurm expands %j, %N ... in file names; a literal '%' is written "%%".
    public static string SlurmPath(string path) => path.Replace("%", "%%", StringComparison.Ordinal);

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
