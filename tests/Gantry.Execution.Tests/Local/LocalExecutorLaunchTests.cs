using Gantry.Core.Hardware;
using Gantry.Execution.Local;
using Gantry.Execution.Tests.Support;
using static Gantry.Execution.Tests.Support.TaskHarness;

namespace Gantry.Execution.Tests.Local;

public sealed class LocalExecutorLaunchTests
{
    private static readonly AcceleratorDevice[] TwoNvidiaGpus =
    [
        new(1, "nvidia", "GPU-1", "NVIDIA H100 80GB HBM3", 80L << 30),
        new(3, "nvidia", "GPU-3", "NVIDIA H100 80GB HBM3", 80L << 30),
    ];

    [Fact]
    public void Kind_IsLocal()
    {
        Assert.Equal("local", NewExecutor().Kind);
    }

    [Fact]
    public async Task Launch_SetsTheGantryEnvironment_AndOutputIsWritable()
    {
        await using var harness = new TaskHarness();
        Environment.SetEnvironmentVariable("GANTRY_TEST_SERVER_SECRET", "must-not-leak");
        var request = harness.Request(
            Sh("env; pwd >&2; echo result > \"$GANTRY_OUTPUT/result.txt\""),
            devices: TwoNvidiaGpus,
            arrayIndex: 7,
            env: new Dictionary<string, string> { ["MY_SETTING"] = "a value with spaces", ["CUDA_VISIBLE_DEVICES"] = "0,1,2,3,4,5,6,7" },
            cpus: 2.5);

        var exit = await harness.RunAsync(request);

        Assert.True(exit.Succeeded, exit.Reason);
        var env = ParseEnv(harness.Log(LogStream.Stdout));
        Assert.Equal("42", env["GANTRY_JOB_ID"]);
        Assert.Equal("1", env["GANTRY_ATTEMPT"]);
        Assert.Equal(harness.OutputDirectory, env["GANTRY_OUTPUT"]);
        Assert.True(Path.IsPathFullyQualified(env["GANTRY_OUTPUT"]));
        Assert.Equal("node-a", env["GANTRY_NODE"]);
        Assert.Equal("7", env["GANTRY_ARRAY_INDEX"]);
        Assert.Equal("1,3", env["GANTRY_GPUS"]);
        Assert.Equal("1,3", env["CUDA_VISIBLE_DEVICES"]);
        Assert.Equal("PCI_BUS_ID", env["CUDA_DEVICE_ORDER"]);
        Assert.Equal("", env["HIP_VISIBLE_DEVICES"]);
        Assert.Equal("", env["ROCR_VISIBLE_DEVICES"]);
        Assert.Equal("2", env["OMP_NUM_THREADS"]);
        Assert.Equal("a value with spaces", env["MY_SETTING"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), env["PATH"]);
        Assert.False(env.ContainsKey("GANTRY_TEST_SERVER_SECRET"));
        Assert.Equal("result\n", File.ReadAllText(harness.OutputFile("result.txt")));
        Assert.Equal(Path.Combine(harness.JobDirectory, "work") + "\n", harness.Log(LogStream.Stderr));
    }

    [Fact]
    public async Task Launch_WithoutGpus_HidesEveryGpu_AndLeavesArrayIndexUnset()
    {
        await using var harness = new TaskHarness();

        var exit = await harness.RunAsync(harness.Request(Sh(
            "echo \"cuda=${CUDA_VISIBLE_DEVICES-unset} hip=${HIP_VISIBLE_DEVICES-unset} gpus=${GANTRY_GPUS-unset} array=${GANTRY_ARRAY_INDEX-unset} omp=$OMP_NUM_THREADS\""),
            cpus: 0.25));

        Assert.True(exit.Succeeded, exit.Reason);
        Assert.Equal("cuda= hip= gpus= array=unset omp=1\n", harness.Log(LogStream.Stdout));
    }

    [Fact]
    public async Task Launch_WithAmdGpus_SetsHipAndRocrButNotCuda()
    {
        await using var harness = new TaskHarness();
        AcceleratorDevice[] devices = [new(0, "amd", "0xabc", "AMD Instinct MI300X OAM", 192L << 30), new(5, "amd", "0xdef", "AMD Instinct MI300X OAM", 192L << 30)];

        var exit = await harness.RunAsync(harness.Request(
            Sh("echo \"cuda=[$CUDA_VISIBLE_DEVICES] hip=[$HIP_VISIBLE_DEVICES] rocr=[$ROCR_VISIBLE_DEVICES]\""), devices: devices));

        Assert.True(exit.Succeeded, exit.Reason);
        Assert.Equal("cuda=[] hip=[0,5] rocr=[0,5]\n", harness.Log(LogStream.Stdout));
    }

    [Fact]
    public async Task Launch_PassesArgumentsVerbatim_WithoutShellQuoting()
    {
        await using var harness = new TaskHarness();

        var exit = await harness.RunAsync(harness.Request(["printf", "%s|", "a b", "it's", "$HOME", "\"q\"", "*", ""]));

        Assert.True(exit.Succeeded, exit.Reason);
        Assert.Equal("a b|it's|$HOME|\"q\"|*||", harness.Log(LogStream.Stdout));
    }

    [Fact]
    public async Task Logs_GoToSeparateFiles()
    {
        await using var harness = new TaskHarness();

        var exit = await harness.RunAsync(harness.Request(Sh("echo to-out; echo to-err >&2; echo more-out")));

        Assert.True(exit.Succeeded, exit.Reason);
        Assert.Equal("to-out\nmore-out\n", harness.Log(LogStream.Stdout));
        Assert.Equal("to-err\n", harness.Log(LogStream.Stderr));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task ExitCode_IsReported_AndRecordedInTheExitFile(int code)
    {
        await using var harness = new TaskHarness();

        var exit = await harness.RunAsync(harness.Request(Sh($"exit {code}")));

        Assert.Equal(code, exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.Equal(code == 0, exit.Succeeded);
        Assert.Equal($"{code}\n", File.ReadAllText(Path.Combine(harness.JobDirectory, "attempt-1.exit")));
    }

    [Theory]
    [InlineData("/nonexistent/gantry-program")]
    [InlineData("gantry-no-such-program")]
    public async Task MissingProgram_FailsWith127_AndSaysSoInStderr(string program)
    {
        await using var harness = new TaskHarness();

        var exit = await harness.RunAsync(harness.Request([program, "--flag"]));

        Assert.False(exit.Succeeded);
        Assert.Equal(127, exit.ExitCode);
        Assert.Contains($"gantry: cannot run {program}: no such program", harness.Log(LogStream.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyCommand_IsAFailureValue()
    {
        await using var harness = new TaskHarness();

        var launched = await harness.Executor.LaunchAsync(harness.Request([]), Token);

        Assert.False(launched.IsOk);
    }

    [Fact]
    public async Task Retry_AppendsToTheSameLogs_WithAnAttemptMarker()
    {
        await using var harness = new TaskHarness();

        var first = await harness.RunAsync(harness.Request(Sh("echo first; printf 'no newline' >&2; exit 1")));
        var second = await harness.RunAsync(harness.Request(Sh("echo second; echo oops >&2"), attempt: 2));

        Assert.Equal(1, first.ExitCode);
        Assert.True(second.Succeeded);
        Assert.Equal("first\n--- gantry: attempt 2 ---\nsecond\n", harness.Log(LogStream.Stdout));
        Assert.Equal("no newline\n--- gantry: attempt 2 ---\noops\n", harness.Log(LogStream.Stderr));
        Assert.True(File.Exists(Path.Combine(harness.JobDirectory, "attempt-1.exit")));
        Assert.True(File.Exists(Path.Combine(harness.JobDirectory, "attempt-2.exit")));
    }

    [Fact]
    public async Task Task_LeadsItsOwnSessionAndProcessGroup_SoItOutlivesTheServer()
    {
        await using var harness = new TaskHarness();
        var handle = await harness.LaunchAsync(Sh("touch \"$GANTRY_OUTPUT/ready\"; while [ ! -e \"$GANTRY_OUTPUT/go\" ]; do sleep 0.05; done"));
        await harness.WaitForOutputFileAsync("ready");
        Assert.True(LocalHandle.TryParse(handle, out var parsed));

        var stat = ProcStat.Read(parsed.Pid);
        var self = ProcStat.Read(Environment.ProcessId);

        Assert.NotNull(stat);
        Assert.Equal(parsed.StartTime, stat.Value.StartTime);
        Assert.Equal(parsed.Pid, stat.Value.ProcessGroup);
        Assert.Equal(parsed.Pid, stat.Value.Session);
        Assert.NotEqual(self!.Value.Session, stat.Value.Session);
        Assert.True(await harness.Executor.IsAliveAsync(handle, Token));

        File.WriteAllText(harness.OutputFile("go"), "");
        var exit = await harness.Executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.True(exit.Succeeded, exit.Reason);
        Assert.False(await harness.Executor.IsAliveAsync(handle, Token));
    }

    [Fact]
    public async Task OpenLog_IsNullBeforeALaunch_AndReadableWhileTheTaskWrites()
    {
        await using var harness = new TaskHarness();
        Assert.Null(harness.Executor.OpenLog(harness.Request(["true"]), LogStream.Stdout));

        var handle = await harness.LaunchAsync(Sh("echo line-one; touch \"$GANTRY_OUTPUT/ready\"; while [ ! -e \"$GANTRY_OUTPUT/go\" ]; do sleep 0.05; done; echo line-two"));
        await harness.WaitForOutputFileAsync("ready");
        await using (var log = harness.Executor.OpenLog(harness.Request(["true"]), LogStream.Stdout))
        {
            Assert.NotNull(log);
            using var reader = new StreamReader(log);
            Assert.Equal("line-one\n", await reader.ReadToEndAsync(Token));
        }

        File.WriteAllText(harness.OutputFile("go"), "");
        await harness.Executor.WaitForExitAsync(handle, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.Equal("line-one\nline-two\n", harness.Log(LogStream.Stdout));
    }

    private static Dictionary<string, string> ParseEnv(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .GroupBy(parts => parts[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
}
