using System.Text.Json;
using Gantry.Core.Jobs;

namespace Gantry.Core.Tests.Jobs;

public sealed class JobSpecJsonTests
{
    private static JobSpec Read(string json) =>
        JsonSerializer.Deserialize<JobSpec>(json, GantryJson.Options) ?? throw new InvalidOperationException("null spec");

    [Fact]
    public void Deserialize_ReadsSnakeCaseFields()
    {
        var spec = Read("""
            {"name":"a","project":"p","command":["python","t.py"],
             "resources":{"gpus":2,"gpu_type":"H100","cpus":4.5,"memory":"4Gi","nodes":1},
             "env":{"A":"1"},"priority":3,"preemptible":true,"max_retries":2,
             "time_limit":"1h","array":"0-3","pool":"gpu"}
            """);

        Assert.Equal("a", spec.Name);
        Assert.Equal("p", spec.Project);
        Assert.Equal(["python", "t.py"], spec.Command);
        Assert.Equal(new ResourceSpec { Gpus = 2, GpuType = "H100", Cpus = 4.5, Memory = "4Gi", Nodes = 1 }, spec.Resources);
        Assert.Equal("1", spec.Env!["A"]);
        Assert.Equal(3, spec.Priority);
        Assert.True(spec.Preemptible);
        Assert.Equal(2, spec.MaxRetries);
        Assert.Equal("1h", spec.TimeLimit);
        Assert.Equal("0-3", spec.Array);
        Assert.Equal("gpu", spec.Pool);
    }

    [Fact]
    public void Serialize_WritesSnakeCase_AndLeavesOutNulls()
    {
        var json = JsonSerializer.Serialize(
            new JobSpec { Command = ["x"], MaxRetries = 1, Resources = new ResourceSpec { GpuType = "H100", Gpus = 1 } },
            GantryJson.Options);

        Assert.Equal("""{"command":["x"],"resources":{"gpus":1,"gpu_type":"H100"},"max_retries":1}""", json);
    }

    [Fact]
    public void Serialize_ThenDeserialize_KeepsTheSpec()
    {
        var spec = new JobSpec
        {
            Name = "n",
            Command = ["a", "b c"],
            Resources = new ResourceSpec { Gpus = 1, Memory = "1Gi", Cpus = 2 },
            Env = new Dictionary<string, string> { ["lower_case"] = "kept" },
            TimeLimit = "2h",
        };

        var back = Read(JsonSerializer.Serialize(spec, GantryJson.Options));

        Assert.Equal(spec.Command, back.Command);
        Assert.Equal(spec.Resources, back.Resources);
        Assert.Equal(spec.Env, back.Env);
        Assert.Equal(spec.TimeLimit, back.TimeLimit);
        Assert.Equal(spec.Name, back.Name);
    }

    [Fact]
    public void Deserialize_UnknownField_IsRejectedNamingIt()
    {
        var error = Assert.Throws<JsonException>(() => Read("""{"command":"x","colour":"blue"}"""));
        Assert.Contains("colour", error.Message);
    }

    [Fact]
    public void Deserialize_UnknownResourceField_IsRejectedNamingIt()
    {
        var error = Assert.Throws<JsonException>(() => Read("""{"command":"x","resources":{"vram":"80Gi"}}"""));
        Assert.Contains("vram", error.Message);
    }

    [Fact]
    public void Deserialize_CamelCaseField_IsUnknown() =>
        Assert.Throws<JsonException>(() => Read("""{"command":"x","maxRetries":2}"""));

    [Fact]
    public void Deserialize_TrailingComma_IsRejected() =>
        Assert.Throws<JsonException>(() => Read("""{"command":"x",}"""));

    [Fact]
    public void Deserialize_MemoryAsString() =>
        Assert.Equal("512Mi", Read("""{"resources":{"memory":"512Mi"}}""").Resources!.Memory);

    [Fact]
    public void Deserialize_MemoryAsNumberOfBytes_ValidatesToThoseBytes()
    {
        var spec = Read("""{"command":"x","resources":{"memory":4294967296}}""");
        Assert.Equal("4294967296", spec.Resources!.Memory);
        Assert.Equal(4L << 30, JobSpecValidator.Validate(spec).Value!.Resources.MemoryBytes);
    }

    [Fact]
    public void Deserialize_MemoryAsFractionalNumber_IsKept() =>
        Assert.Equal("1536.5", Read("""{"resources":{"memory":1536.5}}""").Resources!.Memory);

    [Theory]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public void Deserialize_MemoryOfAnotherKind_IsRejected(string value)
    {
        var error = Assert.Throws<JsonException>(() => Read($$$"""{"resources":{"memory":{{{value}}}}}"""));
        Assert.Contains("memory must be a quantity", error.Message);
    }

    [Fact]
    public void Deserialize_CommandAsString_RunsThroughTheShell() =>
        Assert.Equal(["/bin/sh", "-c", "echo $HOME"], Read("""{"command":"echo $HOME"}""").Command);

    [Fact]
    public void Deserialize_CommandAsArray_IsTheArgv() =>
        Assert.Equal(["echo", "$HOME"], Read("""{"command":["echo","$HOME"]}""").Command);

    [Fact]
    public void Deserialize_EmptyCommandArray_IsEmpty_AndTheValidatorRejectsIt()
    {
        var spec = Read("""{"command":[]}""");
        Assert.Empty(spec.Command!);
        Assert.False(JobSpecValidator.Validate(spec).IsOk);
    }

    [Theory]
    [InlineData("""["echo",1]""", "every element of command must be a string")]
    [InlineData("""["echo",null]""", "every element of command must be a string")]
    [InlineData("""["echo",["x"]]""", "every element of command must be a string")]
    [InlineData("42", "command must be an array of strings or one string")]
    [InlineData("""{"a":"b"}""", "command must be an array of strings or one string")]
    public void Deserialize_CommandOfAnotherKind_IsRejected(string value, string message)
    {
        var error = Assert.Throws<JsonException>(() => Read($$"""{"command":{{value}}}"""));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Deserialize_NullCommand_IsMissing() =>
        Assert.Null(Read("""{"command":null}""").Command);
}
