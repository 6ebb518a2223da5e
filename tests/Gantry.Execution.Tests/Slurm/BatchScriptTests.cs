using System.Diagnostics;
using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Execution.Slurm;

namespace Gantry.Execution.Tests.Slurm;

public sealed class BatchScriptTests
{
    private static readonly SlurmExecutorOptions Options = new() { Partition = "gpu", Account = "ml", ExtraSbatchArgs = ["--constraint=ib"] };

    private static LaunchRequest Request(int gpus = 0, string model = "gpu", DistributedRequest? distributed = null) =>
        new(42, 1, ["python", "it's.py", "$HOME"], new Dictionary<string, string> { ["LR"] = "0.1 'quoted'" }, "/data/jobs/42", "node7",
            Enumerable.Range(0, gpus).Select(i => new AcceleratorDevice(i, "nvidia", $"u{i}", model, 0)).ToArray(), 4, 3L << 30, null)
        {
            TimeLimit = TimeSpan.FromMinutes(30),
            Distributed = distributed,
        };

    [Fact]
    public void Sbatch_AsksForWhatGantryPlaced()
    {
        var args = BatchScript.SbatchArguments(Request(gpus: 2), Options, "/data/jobs/42");

        Assert.Equal(["--parsable", "--job-name=gantry-42", "--partition=gpu", "--account=ml", "--constraint=ib", "--nodes=1", "--nodelist=node7",
            "--ntasks-per-node=1", "--cpus-per-task=4", "--mem=3072M", "--gres=gpu:2", "--time=32",
            "--output=/data/jobs/42/stdout.log", "--error=/data/jobs/42/stderr.log", "--open-mode=append", "--chdir=/data/jobs/42/work",
            "--no-requeue", "--export=ALL"], args);
    }

    [Fact]
    public void Sbatch_TypedGpus_AskForTheirType() =>
        Assert.Equal("gpu:a100:4", BatchScript.Gres(Request(gpus: 4, model: "a100"), Options));

    [Fact]
    public void Sbatch_Distributed_RunsTasksPerNode_AndSplitsTheCpus()
    {
        var args = BatchScript.SbatchArguments(Request(distributed: new DistributedRequest("pytorch", 2)), Options, "/data/jobs/42");

        Assert.Contains("--ntasks-per-node=2", args);
        Assert.Contains("--cpus-per-task=2", args);
    }

    [Fact]
    public void Script_IsValidShell_AndRunsTheArgvVerbatim()
    {
        var directory = Directory.CreateTempSubdirectory("gantry-batch-");
        try
        {
            var exitFile = Path.Combine(directory.FullName, "attempt-1.exit");
            var request = Request() with { Command = ["/bin/sh", "-c", "printf '%s|' \"$0\" \"$1\" \"$LR\" \"$GANTRY_JOB_ID\" \"$CUDA_VISIBLE_DEVICES\"; exit 6", "it's", "$HOME"] };
            var script = BatchScript.Render(request, request.Command, directory.FullName, exitFile);

            var (status, output) = RunScript(script);

            Assert.Equal(6, status);
            Assert.Equal("it's|$HOME|0.1 'quoted'|42||", output);
            Assert.Equal("6", File.ReadAllText(exitFile).Trim());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Script_Distributed_StartsAnSrunStep_WithRanksFromSlurm()
    {
        var request = Request(distributed: new DistributedRequest("tensorflow", 2));
        var script = BatchScript.Render(request, request.Command, "/data/jobs/42", "/data/jobs/42/attempt-1.exit");

        Assert.Contains("srun --kill-on-bad-exit=1 --export=ALL /bin/sh -c", script);
        Assert.Contains("export MASTER_ADDR='node7'", script);
        Assert.Contains("export WORLD_SIZE='2'", script);
        Assert.Contains("RANK=\"$SLURM_PROCID\"", script);
        Assert.Contains("TF_CONFIG=", script);
    }

    [Fact]
    public void RankScript_BuildsTheSameTfConfigAsTheHelper()
    {
        var layout = Gantry.Execution.Distributed.DistributedLayout.For(new DistributedRequest("tensorflow", 2), ["a", "b"], 1);
        var startInfo = new ProcessStartInfo("/bin/sh", ["-c", BatchScript.RankScript(layout), "rank", "/bin/sh", "-c", "printf %s \"$TF_CONFIG\""])
        {
            RedirectStandardOutput = true,
        };
        startInfo.Environment["SLURM_PROCID"] = "3";
        startInfo.Environment["SLURM_LOCALID"] = "1";
        startInfo.Environment["SLURM_NODEID"] = "1";
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(Gantry.Execution.Distributed.DistributedEnvironment.TfConfig(layout, 3), output);
    }

    [Theory]
    [InlineData("gnode2", "0", "0", "0", "1", "2")]      // Slurm's node 0 (its node table's order) is Gantry's second node
    [InlineData("gnode2", "0", "1", "1", "1", "3")]
    [InlineData("localhost", "1", "2", "0", "0", "0")]   // and rank 0 runs on Gantry's first node, MASTER_ADDR
    [InlineData("localhost", "1", "3", "1", "0", "1")]
    public void RankScript_OnSeveralNodes_NumbersThemInGantrysOrder_NotSlurms(
        string slurmNode, string slurmNodeId, string slurmProcId, string localId, string nodeRank, string rank)
    {
        var layout = Gantry.Execution.Distributed.DistributedLayout.For(new DistributedRequest("tensorflow", 2), ["localhost", "gnode2"], 1);
        var startInfo = new ProcessStartInfo("/bin/sh", ["-c", BatchScript.RankScript(layout), "rank", "/bin/sh", "-c", "printf '%s|%s|%s|%s' \"$NODE_RANK\" \"$RANK\" \"$LOCAL_RANK\" \"$TF_CONFIG\""])
        {
            RedirectStandardOutput = true,
        };
        startInfo.Environment["SLURMD_NODENAME"] = slurmNode;
        startInfo.Environment["SLURM_NODEID"] = slurmNodeId;
        startInfo.Environment["SLURM_PROCID"] = slurmProcId;
        startInfo.Environment["SLURM_LOCALID"] = localId;
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        var tfConfig = Gantry.Execution.Distributed.DistributedEnvironment.TfConfig(layout, int.Parse(rank, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"{nodeRank}|{rank}|{localId}|{tfConfig}", output);
    }

    private static (int Status, string Output) RunScript(string script)
    {
        var startInfo = new ProcessStartInfo("/bin/sh", ["-s"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
