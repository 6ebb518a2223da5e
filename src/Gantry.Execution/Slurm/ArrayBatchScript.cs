using System.Text;

namespace Gantry.Execution.Slurm;

/// <summary>
/// The batch script and <c>sbatch</c> options that start several elements of one Gantry array as one Slurm array job
/// (<c>sbatch --array=0-5,9</c>). Slurm runs the script once per task; a <c>case</c> on <c>$SLURM_ARRAY_TASK_ID</c>
/// gives each task its Gantry job's variables, working directory, command and exit file. Slurm writes each task's
/// output through <c>%a</c>-named links that point at that element's own <c>stdout.log</c>/<c>stderr.log</c>, so logs
/// (Slurm's own notices included) land where a lone job's do.
/// </summary>
internal static class ArrayBatchScript
{
    /// <summary>The array job's name in Slurm: the prefix and the Gantry array's id (its first job's).</summary>
    public static string JobName(SlurmExecutorOptions options, IReadOnlyList<ArrayElement> elements) =>
        BatchScript.JobName(options, elements[0].Request.ArrayId ?? elements[0].Request.JobId);

    /// <summary>The link to an element's log in <paramref name="linkDirectory"/>, named by its task id as <c>%a</c> expands.</summary>
    public static string LinkPath(string linkDirectory, int taskId, LogStream stream) =>
        Path.Combine(linkDirectory, BatchScript.Text(taskId) + (stream == LogStream.Stderr ? ".stderr" : ".stdout"));

    public static IReadOnlyList<string> SbatchArguments(IReadOnlyList<ArrayElement> elements, SlurmExecutorOptions options, string linkDirectory)
    {
        var args = new List<string>
        {
            "--parsable",
            "--job-name=" + JobName(options, elements),
            "--array=" + Indices(elements.Select(e => e.TaskId)),
        };
        args.AddRange(BatchScript.Placement(elements[0].Request, options));
        args.Add("--output=" + BatchScript.SlurmPath(linkDirectory) + "/%a.stdout");
        args.Add("--error=" + BatchScript.SlurmPath(linkDirectory) + "/%a.stderr");
        args.Add("--open-mode=append");
        args.Add("--chdir=" + Path.Combine(elements[0].JobDirectory, "work"));
        args.AddRange(BatchScript.Finally);
        return args;
    }

    /// <summary>Task ids as Slurm's <c>--array</c> takes them, runs compressed: 0,1,2,3,7 → "0-3,7".</summary>
    public static string Indices(IEnumerable<int> ids)
    {
        var sorted = ids.Distinct().Order().ToArray();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
                j++;
            parts.Add(j == i ? BatchScript.Text(sorted[i]) : BatchScript.Text(sorted[i]) + "-" + BatchScript.Text(sorted[j]));
            i = j + 1;
        }

        return string.Join(',', parts);
    }

    /// <summary>
    /// The script. Variables every element shares are exported once; the rest, the working directory and the exit file
    /// go in the element's <c>case</c> branch, and so does the command when the elements' commands differ.
    /// </summary>
    public static string Render(IReadOnlyList<ArrayElement> elements)
    {
        var first = elements[0].Request;
        var variables = elements.Select(e => BatchScript.Variables(e.Request, e.JobDirectory)).ToArray();
        var shared = variables[0]
            .Where(v => variables.All(other => other.Contains(v)))
            .ToHashSet();
        var sameCommand = elements.All(e => e.Command.SequenceEqual(elements[0].Command, StringComparer.Ordinal));

        var s = new StringBuilder();
        s.Append("#!/bin/sh\n");
        s.Append("# Gantry array ").Append(BatchScript.Text(first.ArrayId ?? first.JobId)).Append(", attempt ").Append(BatchScript.Text(first.Attempt))
            .Append(", ").Append(BatchScript.Text(elements.Count))
            .Append(" elements: each task runs its Gantry job and records the command's status in that job's exit file.\n");
        s.Append("trap 'gantry_term=1' TERM\n");
        foreach (var (key, value) in variables[0].Where(shared.Contains))
            BatchScript.Export(s, key, value);
        s.Append("export GANTRY_SLURM_JOB_ID=\"${SLURM_ARRAY_JOB_ID:-}_${SLURM_ARRAY_TASK_ID:-}\"\n");
        s.Append("case \"${SLURM_ARRAY_TASK_ID:-}\" in\n");
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            s.Append(BatchScript.Text(element.TaskId)).Append(")\n");
            foreach (var (key, value) in variables[i].Where(v => !shared.Contains(v)))
                BatchScript.Export(s, key, value);
            s.Append("gantry_exit=").Append(ShellQuote.Quote(element.ExitFile)).Append('\n');
            s.Append("cd ").Append(ShellQuote.Quote(Path.Combine(element.JobDirectory, "work"))).Append(" || exit 1\n");
            if (!sameCommand)
                BatchScript.AppendArguments(s, element.Command);
            s.Append(";;\n");
        }

        s.Append("*)\n");
        s.Append("echo \"gantry: Slurm array task ${SLURM_ARRAY_TASK_ID:-(none)} is no element of this submission\" >&2\n");
        s.Append("exit 1\n");
        s.Append(";;\n");
        s.Append("esac\n");
        if (sameCommand)
            BatchScript.AppendArguments(s, elements[0].Command);
        BatchScript.AppendRun(s, first, layout: null);
        return s.ToString();
    }
}
