using Gantry.Core.Jobs;

namespace Gantry.Core.Tests.Jobs;

public sealed class JobSpecValidatorTests
{
    private static readonly JobSpec Minimal = new() { Command = ["python", "train.py"] };

    private static JobRequest Valid(JobSpec spec)
    {
        var outcome = JobSpecValidator.Validate(spec);
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        return outcome.Value;
    }

    private static string Invalid(JobSpec spec)
    {
        var outcome = JobSpecValidator.Validate(spec);
        Assert.False(outcome.IsOk, "the spec was accepted");
        Assert.Equal(ErrorKind.Invalid, outcome.Error.Kind);
        return outcome.Error.Message;
    }

    private static JobSpec WithResources(ResourceSpec resources) => Minimal with { Resources = resources };

    private static JobSpec WithEnv(string key, string value) =>
        Minimal with { Env = new Dictionary<string, string> { [key] = value } };

    [Fact]
    public void Validate_AppliesDefaults_ToAMinimalSpec()
    {
        var job = Valid(Minimal);

        Assert.Equal("job", job.Name);
        Assert.Equal("default", job.Project);
        Assert.Equal(["python", "train.py"], job.Command);
        Assert.Equal(ResourceRequest.Default, job.Resources);
        Assert.Equal(0, job.Resources.Gpus);
        Assert.Equal(1, job.Resources.Cpus);
        Assert.Equal(512L << 20, job.Resources.MemoryBytes);
        Assert.Equal(1, job.Resources.Nodes);
        Assert.Null(job.Resources.GpuType);
        Assert.Empty(job.Env);
        Assert.Equal(0, job.Priority);
        Assert.False(job.Preemptible);
        Assert.Equal(0, job.MaxRetries);
        Assert.Null(job.TimeLimit);
        Assert.Null(job.ArrayIndices);
        Assert.Null(job.Pool);
    }

    [Fact]
    public void Validate_UsesTheDefaultProjectGivenByTheCaller()
    {
        var outcome = JobSpecValidator.Validate(Minimal, defaultProject: "vision");
        Assert.True(outcome.IsOk);
        Assert.Equal("vision", outcome.Value.Project);
    }

    [Fact]
    public void Validate_KeepsEveryFieldOfAFullSpec()
    {
        var job = Valid(new JobSpec
        {
            Name = "resnet-50",
            Project = "vision",
            Command = ["torchrun", "train.py"],
            Resources = new ResourceSpec { Gpus = 8, GpuType = "H100", Cpus = 32.5, Memory = "256Gi", Nodes = 1 },
            Env = new Dictionary<string, string> { ["NCCL_DEBUG"] = "INFO" },
            Priority = -5,
            Preemptible = true,
            MaxRetries = 3,
            TimeLimit = "1h30m",
            Array = "0-3",
            Pool = "gpu-a",
        });

        Assert.Equal("resnet-50", job.Name);
        Assert.Equal("vision", job.Project);
        Assert.Equal(new ResourceRequest(8, "H100", 32.5, 256L << 30, 1), job.Resources);
        Assert.Equal("INFO", job.Env["NCCL_DEBUG"]);
        Assert.Equal(-5, job.Priority);
        Assert.True(job.Preemptible);
        Assert.Equal(3, job.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(90), job.TimeLimit);
        Assert.Equal([0, 1, 2, 3], job.ArrayIndices);
        Assert.Equal("gpu-a", job.Pool);
    }

    [Fact]
    public void Validate_CopiesTheCommand_SoLaterChangesToTheSpecDoNotLeakIn()
    {
        var command = new List<string> { "echo", "a" };
        var job = Valid(Minimal with { Command = command });
        command[1] = "b";
        Assert.Equal(["echo", "a"], job.Command);
    }

    [Fact]
    public void Validate_RejectsNameWithDotDot() =>
        Assert.Equal("job name 'a..b' must not contain '..'", Invalid(Minimal with { Name = "a..b" }));

    [Fact]
    public void Validate_RejectsNameWithSlash() =>
        Assert.Contains("job name 'a/b' may contain only letters, digits, '.', '_' and '-'", Invalid(Minimal with { Name = "a/b" }));

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\tb")]
    [InlineData("a\u0000b")]
    [InlineData("abc\n")]
    [InlineData("a\u007fb")]
    public void Validate_RejectsNameWithControlCharacters(string name) =>
        Assert.Equal("job name must not contain control characters", Invalid(Minimal with { Name = name }));

    [Fact]
    public void Validate_RejectsNameLongerThan63Characters() =>
        Assert.Equal("job name is 64 characters long; the limit is 63", Invalid(Minimal with { Name = new string('a', 64) }));

    [Fact]
    public void Validate_AcceptsNameOfExactly63Characters() =>
        Assert.Equal(63, Valid(Minimal with { Name = new string('a', 63) }).Name.Length);

    [Fact]
    public void Validate_RejectsEmptyName() =>
        Assert.Equal("job name must not be empty", Invalid(Minimal with { Name = "" }));

    [Fact]
    public void Validate_RejectsBadProjectName() =>
        Assert.Equal("project '..' must not contain '..'", Invalid(Minimal with { Project = ".." }));

    [Fact]
    public void Validate_RejectsBadPoolName() =>
        Assert.StartsWith("pool 'gpu/a' may contain only", Invalid(Minimal with { Pool = "gpu/a" }));

    [Fact]
    public void Validate_RejectsMissingCommand() =>
        Assert.Equal("command is required: the program to run and its arguments", Invalid(new JobSpec()));

    public static TheoryData<string[]> EmptyCommands => new(
        [],
        [""],
        ["   ", "x"]);

    [Theory]
    [MemberData(nameof(EmptyCommands))]
    public void Validate_RejectsEmptyCommand(string[] command) =>
        Assert.StartsWith("command is required", Invalid(Minimal with { Command = command }));

    [Fact]
    public void Validate_RejectsCommandWithNul() =>
        Assert.Equal("command arguments must not contain NUL characters", Invalid(Minimal with { Command = ["echo", "a\0b"] }));

    [Fact]
    public void Validate_RejectsTooManyCommandArguments()
    {
        var command = Enumerable.Repeat("x", JobSpecValidator.MaxCommandArgs + 1).ToArray();
        Assert.Equal("command has 4097 arguments; the limit is 4096", Invalid(Minimal with { Command = command }));
        Assert.True(JobSpecValidator.Validate(Minimal with { Command = command[1..] }).IsOk);
    }

    [Fact]
    public void Validate_RejectsCommandOverTheSizeLimit()
    {
        var big = new string('x', JobSpecValidator.MaxCommandBytes);
        Assert.Equal($"command is {JobSpecValidator.MaxCommandBytes + 4} characters long; the limit is {JobSpecValidator.MaxCommandBytes}",
            Invalid(Minimal with { Command = ["echo", big] }));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    [InlineData(int.MinValue)]
    public void Validate_RejectsGpusOutsideTheLimit(int gpus) =>
        Assert.Equal($"resources.gpus {gpus} is outside 0..64", Invalid(WithResources(new ResourceSpec { Gpus = gpus })));

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    public void Validate_AcceptsGpusAtTheBounds(int gpus) =>
        Assert.Equal(gpus, Valid(WithResources(new ResourceSpec { Gpus = gpus })).Resources.Gpus);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4096.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_RejectsCpusOutsideTheLimit(double cpus) =>
        Assert.EndsWith("must be above 0 and at most 4096", Invalid(WithResources(new ResourceSpec { Cpus = cpus })));

    [Theory]
    [InlineData(0.1)]
    [InlineData(4096)]
    public void Validate_AcceptsCpusWithinTheLimit(double cpus) =>
        Assert.Equal(cpus, Valid(WithResources(new ResourceSpec { Cpus = cpus })).Resources.Cpus);

    [Theory]
    [InlineData("0")]
    [InlineData("0Gi")]
    [InlineData("65Ti")]
    [InlineData("64.5Ti")]
    public void Validate_RejectsMemoryOutsideTheLimit(string memory) =>
        Assert.Equal($"resources.memory '{memory}' must be above 0 and at most 64Ti", Invalid(WithResources(new ResourceSpec { Memory = memory })));

    [Fact]
    public void Validate_AcceptsMemoryAtTheLimit() =>
        Assert.Equal(64L << 40, Valid(WithResources(new ResourceSpec { Memory = "64Ti" })).Resources.MemoryBytes);

    [Fact]
    public void Validate_RejectsMemoryThatIsNotAQuantity() =>
        Assert.StartsWith("resources.memory 'lots' is not a quantity", Invalid(WithResources(new ResourceSpec { Memory = "lots" })));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1025)]
    public void Validate_RejectsNodesOutsideTheLimit(int nodes) =>
        Assert.Equal($"resources.nodes {nodes} is outside 1..1024", Invalid(WithResources(new ResourceSpec { Nodes = nodes })));

    [Fact]
    public void Validate_AcceptsNodesAtTheLimit() =>
        Assert.Equal(1024, Valid(WithResources(new ResourceSpec { Nodes = 1024 })).Resources.Nodes);

    [Fact]
    public void Validate_RejectsGpuTypeWithoutGpus() =>
        Assert.Equal("resources.gpu_type is set but resources.gpus is 0", Invalid(WithResources(new ResourceSpec { GpuType = "H100" })));

    [Fact]
    public void Validate_RejectsGpuTypeThatIsNotAName() =>
        Assert.StartsWith("resources.gpu_type 'H100 80GB' may contain only", Invalid(WithResources(new ResourceSpec { Gpus = 1, GpuType = "H100 80GB" })));

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("A B")]
    [InlineData("")]
    [InlineData("ÄÖ")]
    public void Validate_RejectsBadEnvNames(string name) =>
        Assert.Equal($"env name '{name}' must be letters, digits and '_', not starting with a digit", Invalid(WithEnv(name, "x")));

    [Theory]
    [InlineData("FOO\n")]
    [InlineData("FOO\r")]
    [InlineData("\nFOO")]
    public void Validate_RejectsEnvNamesWithLineBreaks_ShowingThemAsQuestionMarks(string name)
    {
        var message = Invalid(WithEnv(name, "x"));
        Assert.StartsWith("env name '", message);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
    }

    [Fact]
    public void Validate_RejectsEnvNameLongerThan128Characters()
    {
        Assert.StartsWith("env name", Invalid(WithEnv(new string('A', 129), "x")));
        Assert.True(JobSpecValidator.Validate(WithEnv(new string('A', 128), "x")).IsOk);
    }

    [Theory]
    [InlineData("GANTRY_JOB_ID")]
    [InlineData("GANTRY_")]
    [InlineData("CUDA_VISIBLE_DEVICES")]
    [InlineData("ROCR_VISIBLE_DEVICES")]
    [InlineData("HIP_VISIBLE_DEVICES")]
    public void Validate_RejectsReservedEnvNames(string name) =>
        Assert.Equal($"env name '{name}' is reserved: Gantry sets it for every job", Invalid(WithEnv(name, "0")));

    [Theory]
    [InlineData("gantry_mine")]
    [InlineData("MY_GANTRY_X")]
    [InlineData("_PRIVATE")]
    [InlineData("NCCL_DEBUG")]
    public void Validate_AcceptsOrdinaryEnvNames(string name) =>
        Assert.Equal("v", Valid(WithEnv(name, "v")).Env[name]);

    [Fact]
    public void Validate_RejectsEnvValueWithNul() =>
        Assert.Equal("env 'A' must have a value without NUL characters", Invalid(WithEnv("A", "x\0y")));

    [Fact]
    public void Validate_RejectsEnvOverTheSizeLimit()
    {
        var env = new Dictionary<string, string> { ["A"] = new string('x', 40_000), ["B"] = new string('y', 40_000) };
        Assert.Equal("env is 80002 characters; the limit is 65536", Invalid(Minimal with { Env = env }));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(21)]
    public void Validate_RejectsMaxRetriesOutsideTheLimit(int retries) =>
        Assert.Equal($"max_retries {retries} is outside 0..20", Invalid(Minimal with { MaxRetries = retries }));

    [Fact]
    public void Validate_AcceptsMaxRetriesAtTheLimit() =>
        Assert.Equal(20, Valid(Minimal with { MaxRetries = 20 }).MaxRetries);

    [Theory]
    [InlineData(1_000_001)]
    [InlineData(-1_000_001)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Validate_RejectsPriorityOutsideTheLimit(int priority) =>
        Assert.Equal($"priority {priority} is outside -1000000..1000000", Invalid(Minimal with { Priority = priority }));

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(-1_000_000)]
    public void Validate_AcceptsPriorityAtTheLimit(int priority) =>
        Assert.Equal(priority, Valid(Minimal with { Priority = priority }).Priority);

    [Theory]
    [InlineData("0s")]
    [InlineData("00:00:00")]
    [InlineData("366d")]
    [InlineData("365d1s")]
    public void Validate_RejectsTimeLimitOutsideTheLimit(string limit) =>
        Assert.Equal($"time_limit '{limit}' must be above zero and at most 365 days", Invalid(Minimal with { TimeLimit = limit }));

    [Theory]
    [InlineData("1s", 1)]
    [InlineData("365d", 365 * 86400)]
    [InlineData("2-00:00:00", 2 * 86400)]
    public void Validate_AcceptsTimeLimitWithinTheLimit(string limit, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Valid(Minimal with { TimeLimit = limit }).TimeLimit);

    [Theory]
    [InlineData("soon")]
    [InlineData("99999999999999999999d")]
    [InlineData("2147483647:00:00")]
    public void Validate_RejectsTimeLimitThatIsNotADuration(string limit) =>
        Assert.StartsWith($"time_limit '{limit}'", Invalid(Minimal with { TimeLimit = limit }));

    [Fact]
    public void Validate_ExpandsTheArray() =>
        Assert.Equal([1, 3, 5, 6, 7], Valid(Minimal with { Array = "1,3,5-7" }).ArrayIndices);

    [Fact]
    public void Validate_RejectsBadArray() =>
        Assert.Equal("array '7-1' is not a range like 0-99, 0-99:10 or 1,3,5-7", Invalid(Minimal with { Array = "7-1" }));

    [Fact]
    public void Validate_RejectsArrayOverMaxTasks() =>
        Assert.Equal("array '0-10000' has more than 10000 tasks", Invalid(Minimal with { Array = "0-10000" }));
}
