using System.Diagnostics;
using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Execution.Slurm;
using Gantry.Execution.Tests.Support;

namespace Gantry.Execution.Tests.Slurm;

public sealed class ArrayBatchScriptTests
{
    private static readonly SlurmExecutorOptions Options = new() { Partition = "gpu", JobNamePrefix = "gt" };

    private static LaunchRequest Element(long jobId, int index, string root = "/data/jobs", int attempt = 1, int gpus = 0, double cpus = 2, long arrayId = 40) =>
        new(jobId, attempt, ["/bin/sh", "-c", "echo \"$0\" $GANTRY_ARRAY_INDEX", "it's"],
            new Dictionary<string, string> { ["LR"] = "0.1", ["GANTRY_PREEMPT_FILE"] = $"{root}/{jobId}/preempt" },
            Path.Combine(root, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "node7",
            Enumerable.Range(0, gpus).Select(i => new AcceleratorDevice(i, "nvidia", $"u{i}", "gpu", 0)).ToArray(), cpus, 1L << 30, index)
        {
            ArrayId = arrayId,
            TimeLimit = TimeSpan.FromMinutes(10),
        };

    private static ArrayElement Prepared(LaunchRequest request) =>
        new(request, request.Command, request.JobDirectory, Path.Combine(request.JobDirectory, $"attempt-{request.Attempt}.exit"));

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 7 }, "0-3,7")]
    [InlineData(new[] { 9, 4, 5, 0 }, "0,4-5,9")]
    [InlineData(new[] { 5 }, "5")]
    [InlineData(new[] { 2, 2, 3 }, "2-3")]
    public void Indices_AreCompressedIntoRuns(int[] ids, string expected) =>
        Assert.Equal(expected, ArrayBatchScript.Indices(ids));

    [Fact]
    public void Sbatch_OneArrayJob_NamedAfterTheArray_WithPerTaskLogLinks()
    {
        var elements = new[] { Prepared(Element(41, 1)), Prepared(Element(40, 0)), Prepared(Element(43, 3)) };

        var args = ArrayBatchScript.SbatchArguments(elements, Options, "/data/jobs/41/slurm-array/ab%c");

        Assert.Equal(["--parsable", "--job-name=gt-40", "--array=0-1,3", "--partition=gpu", "--nodes=1", "--nodelist=node7", "--ntasks-per-node=1",
            "--cpus-per-task=2", "--mem=1024M", "--time=12",
            "--output=/data/jobs/41/slurm-array/ab%%c/%a.stdout", "--error=/data/jobs/41/slurm-array/ab%%c/%a.stderr", "--open-mode=append",
            "--chdir=/data/jobs/41/work", "--no-requeue", "--export=ALL"], args);
    }

    [Fact]
    public void Script_SharedVariablesOnce_PerElementOnesInItsBranch()
    {
        var script = ArrayBatchScript.Render([Prepared(Element(40, 0)), Prepared(Element(41, 1))]);

        Assert.Equal(1, Count(script, "export LR='0.1'"));
        Assert.Equal(1, Count(script, "set -- "));
        Assert.Contains("export GANTRY_JOB_ID='41'", script);
        Assert.Contains("export GANTRY_PREEMPT_FILE='/data/jobs/41/preempt'", script);
        Assert.Contains("export GANTRY_SLURM_JOB_ID=\"${SLURM_ARRAY_JOB_ID:-}_${SLURM_ARRAY_TASK_ID:-}\"", script);
    }

    [Fact]
    public void Script_EachTask_RunsItsElement_InItsJobDirectory_AndRecordsItsStatus()
    {
        using var root = new TempDirectory();
        var elements = new[] { 0, 2, 5 }
            .Select(i => Element(50 + i, i, root.Path) with { Command = ["/bin/sh", "-c", "pwd; echo $GANTRY_JOB_ID $GANTRY_ARRAY_INDEX $GANTRY_OUTPUT $LR; exit $GANTRY_ARRAY_INDEX"] })
            .Select(Prepared)
            .ToArray();
        foreach (var element in elements)
            Directory.CreateDirectory(Path.Combine(element.JobDirectory, "work"));
        var script = ArrayBatchScript.Render(elements);

        foreach (var element in elements)
        {
            var (status, output) = RunScript(script, element.TaskId);

            Assert.Equal(element.TaskId, status);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Path.Combine(element.JobDirectory, "work"), lines[0]);
            Assert.Equal($"{element.Request.JobId} {element.TaskId} {Path.Combine(element.JobDirectory, "output")} 0.1", lines[1]);
            Assert.Equal(element.TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(element.ExitFile).Trim());
        }
    }

    [Fact]
    public void Script_DifferentCommands_GoInTheBranches()
    {
        using var root = new TempDirectory();
        var a = Element(60, 0, root.Path) with { Command = ["/bin/sh", "-c", "echo first"] };
        var b = Element(61, 1, root.Path) with { Command = ["/bin/sh", "-c", "echo 'second one'"] };
        Directory.CreateDirectory(Path.Combine(a.JobDirectory, "work"));
        Directory.CreateDirectory(Path.Combine(b.JobDirectory, "work"));
        var script = ArrayBatchScript.Render([Prepared(a), Prepared(b)]);

        Assert.Equal("second one\n", RunScript(script, 1).Output);
        Assert.Equal("first\n", RunScript(script, 0).Output);
    }

    [Fact]
    public void Script_UnknownTask_FailsWithoutRunningAnything()
    {
        var script = ArrayBatchScript.Render([Prepared(Element(40, 0)), Prepared(Element(41, 1))]);

        Assert.Equal(1, RunScript(script, 7).Status);
    }

    [Fact]
    public void Group_SameArrayAndShape_ShareOneSubmission_TheRestGoAlone()
    {
        var executor = new SlurmExecutor(new SlurmExecutorOptions { MaxArraySize = 100 });
        LaunchRequest[] elements =
        [
            Element(1, 0), Element(2, 1), Element(3, 2, gpus: 1), Element(4, 3, gpus: 1), Element(5, 4, attempt: 2),
            Element(6, 5, arrayId: 99), Element(7, 100), Element(8, 6) with { ArrayIndex = null },
            Element(9, 7) with { Distributed = new DistributedRequest("pytorch", 2) }, Element(10, 0),
        ];

        var (groups, singles) = executor.Group(elements);

        Assert.Equal([[0, 1], [2, 3]], groups.Select(g => g.ToArray()).OrderBy(g => g[0]));
        Assert.Equal([4, 5, 6, 7, 8, 9], singles);
    }

    [Fact]
    public void Group_ArraysSwitchedOff_EveryElementGoesAlone()
    {
        var executor = new SlurmExecutor(new SlurmExecutorOptions { SubmitArrays = false });

        var (groups, singles) = executor.Group([Element(1, 0), Element(2, 1)]);

        Assert.Empty(groups);
        Assert.Equal([0, 1], singles);
    }

    [Fact]
    public void Monitor_ForgottenArrayTask_CountsAsUnknownJob()
    {
        Assert.True(SlurmMonitor.IsUnknownJob(new SlurmCommandResult(1, "Job 628_4 not found\n", "")));
        Assert.True(SlurmMonitor.IsUnknownJob(new SlurmCommandResult(1, "", "slurm_load_jobs error: Invalid job id specified\n")));
        Assert.False(SlurmMonitor.IsUnknownJob(new SlurmCommandResult(1, "", "slurm_load_jobs error: Unable to contact slurm controller\n")));
    }

    [Fact]
    public void Handle_OfAnArrayTask_RoundTrips()
    {
        var handle = new SlurmHandle("628_4", "/data/jobs/44", 2);

        Assert.True(SlurmHandle.TryParse(handle.Format(), out var parsed));
        Assert.Equal(handle, parsed);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static (int Status, string Output) RunScript(string script, int taskId)
    {
        var startInfo = new ProcessStartInfo("/bin/sh", ["-s"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        startInfo.Environment["SLURM_ARRAY_TASK_ID"] = taskId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
