using Gantry.Core.Jobs;

namespace Gantry.Core.Tests.Jobs;

public sealed class JobSpecYamlTests
{
    private static JobSpec Ok(string yaml)
    {
        var outcome = JobSpecYaml.Parse(yaml);
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        return outcome.Value;
    }

    private static string Error(string yaml)
    {
        var outcome = JobSpecYaml.Parse(yaml);
        Assert.False(outcome.IsOk, "the YAML was accepted");
        Assert.Equal(ErrorKind.Invalid, outcome.Error.Kind);
        return outcome.Error.Message;
    }

    [Fact]
    public void Parse_StringCommand_RunsThroughTheShell() =>
        Assert.Equal(["/bin/sh", "-c", "echo hi && nvidia-smi"], Ok("command: echo hi && nvidia-smi\n").Command);

    [Fact]
    public void Parse_ListCommand_IsTheArgv() =>
        Assert.Equal(["python", "train.py", "--lr", "0.1"], Ok("command: [python, train.py, --lr, 0.1]\n").Command);

    [Fact]
    public void Parse_BlockListCommand_IsTheArgv() =>
        Assert.Equal(["torchrun", "--nproc_per_node=8", "train.py"], Ok("command:\n  - torchrun\n  - --nproc_per_node=8\n  - train.py\n").Command);

    [Fact]
    public void Parse_ReadsResources()
    {
        var spec = Ok("""
            command: [train]
            resources:
              gpus: 2
              gpu_type: H100
              cpus: 8.5
              memory: 64Gi
              nodes: 1
            """);

        Assert.Equal(new ResourceSpec { Gpus = 2, GpuType = "H100", Cpus = 8.5, Memory = "64Gi", Nodes = 1 }, spec.Resources);
    }

    [Fact]
    public void Parse_ReadsEveryTopLevelField()
    {
        var spec = Ok("""
            name: resnet
            project: vision
            command: train
            env:
              NCCL_DEBUG: INFO
              SEED: 7
            priority: 5
            preemptible: true
            max_retries: 2
            time_limit: 1h30m
            array: 0-9:2
            pool: gpu-a
            """);

        Assert.Equal("resnet", spec.Name);
        Assert.Equal("vision", spec.Project);
        Assert.Equal("INFO", spec.Env!["NCCL_DEBUG"]);
        Assert.Equal("7", spec.Env["SEED"]);
        Assert.Equal(5, spec.Priority);
        Assert.True(spec.Preemptible);
        Assert.Equal(2, spec.MaxRetries);
        Assert.Equal("1h30m", spec.TimeLimit);
        Assert.Equal("0-9:2", spec.Array);
        Assert.Equal("gpu-a", spec.Pool);
        Assert.Null(spec.Resources);
    }

    [Fact]
    public void Parse_ThenValidate_GivesAJobRequest()
    {
        var outcome = JobSpecValidator.Validate(Ok("command: nvidia-smi\nresources: {gpus: 1, memory: 4Gi}\n"));
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        Assert.Equal(1, outcome.Value.Resources.Gpus);
        Assert.Equal(4L << 30, outcome.Value.Resources.MemoryBytes);
    }

    [Fact]
    public void Parse_UnknownField_NamesTheFieldAndItsLine()
    {
        var message = Error("name: a\ncommand: x\ncolour: blue\n");
        Assert.Contains("unknown field 'colour'", message);
        Assert.Contains("line 3", message);
        Assert.DoesNotContain("Gantry.Core", message);
    }

    [Fact]
    public void Parse_UnknownResourceField_SaysItIsInResources()
    {
        var message = Error("command: x\nresources:\n  gpus: 1\n  vram: 80Gi\n");
        Assert.Contains("unknown field 'vram' in resources", message);
        Assert.Contains("line 4", message);
        Assert.DoesNotContain("Gantry.Core", message);
    }

    [Fact]
    public void Parse_CamelCaseField_IsUnknown() =>
        Assert.Contains("unknown field 'maxRetries'", Error("command: x\nmaxRetries: 2\n"));

    [Theory]
    [InlineData("name: [unclosed\n")]
    [InlineData("command: x\n  - y\n bad: : :\n")]
    [InlineData("name: \"open\n")]
    public void Parse_MalformedYaml_SaysWhere(string yaml) =>
        Assert.Matches(@"^invalid YAML at line \d+, column \d+: ", Error(yaml));

    [Fact]
    public void Parse_WrongType_SaysWhere() =>
        Assert.StartsWith("invalid YAML at line 2", Error("command: x\npriority: high\n"));

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Parse_EmptyDocument_IsRejected(string yaml) =>
        Assert.Equal("the job spec is empty", Error(yaml));

    [Theory]
    [InlineData("command: {program: python}\n")]
    [InlineData("command: [python, [nested]]\n")]
    [InlineData("command: [python, {a: b}]\n")]
    public void Parse_CommandThatIsNeitherStringNorList_IsRejected(string yaml) =>
        Assert.Equal("command must be a list of strings or one string", Error(yaml));

    [Fact]
    public void Parse_TopLevelList_IsRejectedAsInvalid() =>
        Assert.StartsWith("invalid YAML", Error("- a\n- b\n"));

    [Theory]
    [InlineData("command: x\npriority: 99999999999\n")]
    [InlineData("command: x\nresources: {gpus: 1.5}\n")]
    [InlineData("command: x\nenv: [A, B]\n")]
    [InlineData("command: x\nenv: {A: [x]}\n")]
    [InlineData("command: x\nresources: 4\n")]
    [InlineData("command: *undefined\n")]
    [InlineData("command: x\npreemptible: maybe\n")]
    [InlineData("just a string\n")]
    [InlineData("command: x\n---\ncommand: y\n")]
    public void Parse_BadDocuments_AreInvalid_NeverAnException(string yaml) =>
        Assert.StartsWith("invalid YAML at line", Error(yaml));
}
