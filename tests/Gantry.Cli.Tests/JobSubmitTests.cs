using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Tests;

public sealed class JobSubmitTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public JobSubmitTests() =>
        _cli.Server.OnJson("POST", "/api/v1/jobs", new SubmitResponse([12], null), HttpStatusCode.Created);

    public void Dispose() => _cli.Dispose();

    private JobSpec Submitted() => Assert.Single(_cli.Server.Requests, r => r.Method == "POST").BodyAs<JobSpec>();

    [Fact]
    public async Task Submit_WithResourceFlags_SendsThatJobSpec_AndPrintsTheId()
    {
        var run = await _cli.RunAsync("job", "submit", "--gpus", "1", "--cpus", "2", "--memory", "4Gi", "--", "python3", "train.py");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("12", run.Output.Trim());
        var spec = Submitted();
        Assert.Equal(["python3", "train.py"], spec.Command);
        Assert.Equal(new ResourceSpec { Gpus = 1, Cpus = 2, Memory = "4Gi" }, spec.Resources);
        Assert.Null(spec.Name);
        Assert.Null(spec.Env);
    }

    [Fact]
    public async Task Submit_PassesDashedArgumentsAfterDoubleDash_ToTheCommand()
    {
        var run = await _cli.RunAsync("job", "submit", "--name", "t", "--", "python3", "train.py", "--epochs", "3", "-v");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["python3", "train.py", "--epochs", "3", "-v"], Submitted().Command);
    }

    [Fact]
    public async Task Submit_AtSignArguments_AreNotResponseFiles()
    {
        var run = await _cli.RunAsync("job", "submit", "--", "curl", "-d", "@body.json", "http://x");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["curl", "-d", "@body.json", "http://x"], Submitted().Command);
    }

    [Fact]
    public async Task Submit_EveryFlag_LandsInItsField()
    {
        var run = await _cli.RunAsync(
            "job", "submit", "-n", "sweep", "-p", "ml", "--gpus", "8", "--gpu-type", "h100", "--nodes", "2",
            "--priority", "5", "--max-retries", "3", "--time-limit", "2h", "--array", "0-9", "--env", "A=1",
            "-e", "B=x=y", "--pool", "cloud", "--preemptible", "--", "torchrun", "train.py");

        Assert.Equal(0, run.ExitCode);
        var spec = Submitted();
        Assert.Equal("sweep", spec.Name);
        Assert.Equal("ml", spec.Project);
        Assert.Equal(new ResourceSpec { Gpus = 8, GpuType = "h100", Nodes = 2 }, spec.Resources);
        Assert.Equal(5, spec.Priority);
        Assert.Equal(3, spec.MaxRetries);
        Assert.Equal("2h", spec.TimeLimit);
        Assert.Equal("0-9", spec.Array);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y" }, spec.Env);
        Assert.Equal("cloud", spec.Pool);
        Assert.True(spec.Preemptible);
    }

    [Fact]
    public async Task Submit_FileWithFlags_FlagsOverrideFieldsOfTheFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "job.yaml"), """
            name: digits
            project: ml
            command: [python3, train.py]
            resources:
              gpus: 1
              memory: 8Gi
            env:
              A: from-file
              KEEP: yes
            preemptible: true
            """, TestContext.Current.CancellationToken);

        var run = await _cli.RunAsync("job", "submit", "-f", "job.yaml", "--gpus", "2", "--env", "A=from-flag");

        Assert.Equal(0, run.ExitCode);
        var spec = Submitted();
        Assert.Equal("digits", spec.Name);
        Assert.Equal(["python3", "train.py"], spec.Command);
        Assert.Equal(new ResourceSpec { Gpus = 2, Memory = "8Gi" }, spec.Resources);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "from-flag", ["KEEP"] = "yes" }, spec.Env);
        Assert.True(spec.Preemptible, "a flag not given must not reset the file's value");
    }

    [Fact]
    public async Task Submit_CommandAfterDoubleDash_ReplacesTheFilesCommand()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "job.yaml"), "command: echo from-file\n", TestContext.Current.CancellationToken);

        await _cli.RunAsync("job", "submit", "-f", "job.yaml", "--", "echo", "from-flags");

        Assert.Equal(["echo", "from-flags"], Submitted().Command);
    }

    [Theory]
    [InlineData("FOO", "--env 'FOO' must be NAME=VALUE")]
    [InlineData("=1", "--env '=1' must be NAME=VALUE")]
    [InlineData("1BAD=x", "env name '1BAD'")]
    [InlineData("CUDA_VISIBLE_DEVICES=0", "reserved")]
    public async Task Submit_BadEnv_ExitsTwo_WithAClearMessage_AndSendsNothing(string env, string message)
    {
        var run = await _cli.RunAsync("job", "submit", "--env", env, "--", "true");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Theory]
    [InlineData("--memory", "lots", "resources.memory 'lots'")]
    [InlineData("--time-limit", "soon", "time_limit 'soon'")]
    [InlineData("--array", "9-1", "array '9-1'")]
    [InlineData("--gpus", "-1", "resources.gpus -1")]
    public async Task Submit_InvalidField_ExitsTwo_WithTheValidatorsMessage(string flag, string value, string message)
    {
        var run = await _cli.RunAsync("job", "submit", flag, value, "--", "true");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Server.Requests);
    }

    [Fact]
    public async Task Submit_WithoutCommand_ExitsTwo_AndSaysWhereTheCommandGoes()
    {
        var run = await _cli.RunAsync("job", "submit", "--gpus", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("after --", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MissingFile_ExitsTwo()
    {
        var run = await _cli.RunAsync("job", "submit", "-f", "nope.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read the job file nope.yaml", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_BadYaml_ExitsTwo_NamingTheUnknownField()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "job.yaml"), "command: [x]\ngpus: 1\n", TestContext.Current.CancellationToken);

        var run = await _cli.RunAsync("job", "submit", "-f", "job.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown field 'gpus'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_NonNumericGpus_IsAUsageError()
    {
        var run = await _cli.RunAsync("job", "submit", "--gpus", "two", "--", "true");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--gpus 'two' is not a whole number", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Array_PrintsTheArrayIdAndCount()
    {
        var cli = new CliHarness();
        try
        {
            cli.Server.OnJson("POST", "/api/v1/jobs", new SubmitResponse([20, 21, 22], 7), HttpStatusCode.Created);

            var run = await cli.RunAsync("job", "submit", "--array", "0-2", "--", "echo");

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("array 7: 3 jobs (20-22)", run.Output.Trim());
        }
        finally
        {
            cli.Dispose();
        }
    }

    [Fact]
    public async Task Submit_Json_PrintsTheSubmitResponse()
    {
        var run = await _cli.RunAsync("job", "submit", "--json", "--", "true");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"job_ids\": [", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Wait_ExitsLikeJobWait()
    {
        _cli.Server.OnJson("GET", "/api/v1/jobs/12/wait", Make.Job(12, JobState.Failed, exitCode: 3, reason: "exit code 3"));

        var run = await _cli.RunAsync("job", "submit", "--wait", "--", "false");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("job 12 failed with exit code 3", run.Output, StringComparison.Ordinal);
        Assert.Contains("12", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ServerRefuses_PrintsTheProblemDetail_AndExitsOne()
    {
        var cli = new CliHarness();
        try
        {
            cli.Server.On("POST", "/api/v1/jobs", _ =>
                FakeServer.Problem(HttpStatusCode.UnprocessableEntity, "Unfittable", "no pool has 64 GPUs of type h100 on one node"));

            var run = await cli.RunAsync("job", "submit", "--gpus", "64", "--", "true");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("error: no pool has 64 GPUs of type h100 on one node", run.Error.Trim());
        }
        finally
        {
            cli.Dispose();
        }
    }
}
