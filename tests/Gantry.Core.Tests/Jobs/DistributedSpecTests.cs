using Gantry.Core.Jobs;

namespace Gantry.Core.Tests.Jobs;

public sealed class DistributedSpecTests
{
    private static JobSpec Spec(DistributedSpec distributed, ResourceSpec? resources = null) => new()
    {
        Command = ["python", "train.py"],
        Resources = resources ?? new ResourceSpec { Cpus = 4, Gpus = 4 },
        Distributed = distributed,
    };

    private static string Error(JobSpec spec)
    {
        var outcome = JobSpecValidator.Validate(spec);
        Assert.False(outcome.IsOk, "the spec was accepted");
        Assert.Equal(ErrorKind.Invalid, outcome.Error.Kind);
        return outcome.Error.Message;
    }

    [Fact]
    public void Yaml_DistributedSection_IsRead()
    {
        var spec = JobSpecYaml.Parse("command: python train.py\nresources: {nodes: 2, cpus: 4}\ndistributed: {framework: pytorch, processes_per_node: 4}\n");

        Assert.True(spec.IsOk, spec.Error?.Message);
        Assert.Equal("pytorch", spec.Value.Distributed!.Framework);
        Assert.Equal(4, spec.Value.Distributed.ProcessesPerNode);
    }

    [Fact]
    public void Yaml_UnknownFieldInDistributed_IsNamed()
    {
        var spec = JobSpecYaml.Parse("command: x\ndistributed: {framework: pytorch, gpus_per_process: 1}\n");

        Assert.False(spec.IsOk);
        Assert.Contains("unknown field 'gpus_per_process' in distributed", spec.Error.Message);
    }

    [Fact]
    public void Validate_KeepsFrameworkAndProcesses_InTheRequest()
    {
        var request = JobSpecValidator.Validate(Spec(new DistributedSpec { Framework = "TensorFlow", ProcessesPerNode = 2 }));

        Assert.True(request.IsOk, request.Error?.Message);
        Assert.Equal(new DistributedRequest("tensorflow", 2), request.Value.Distributed);
    }

    [Fact]
    public void Validate_ProcessesDefaultToOne() =>
        Assert.Equal(1, JobSpecValidator.Validate(Spec(new DistributedSpec { Framework = "pytorch" })).Value!.Distributed!.ProcessesPerNode);

    [Fact]
    public void Validate_WithoutDistributed_LeavesItNull() =>
        Assert.Null(JobSpecValidator.Validate(new JobSpec { Command = ["true"] }).Value!.Distributed);

    [Theory]
    [InlineData(null, 1, "distributed.framework is required")]
    [InlineData("mpi", 1, "distributed.framework 'mpi' is not one of pytorch, tensorflow, spark")]
    [InlineData("pytorch", 0, "distributed.processes_per_node 0 is outside 1..256")]
    [InlineData("pytorch", 8, "needs at least as many CPUs per node; resources.cpus is 4")]
    [InlineData("pytorch", 3, "resources.gpus 4 (per node) must divide evenly among distributed.processes_per_node 3")]
    public void Validate_BadDistributed_SaysWhy(string? framework, int processes, string expected) =>
        Assert.Contains(expected, Error(Spec(new DistributedSpec { Framework = framework, ProcessesPerNode = processes })));

    [Fact]
    public void Validate_SharedGpu_CannotBeDistributed() =>
        Assert.Contains("cannot share a GPU", Error(Spec(new DistributedSpec { Framework = "pytorch" }, new ResourceSpec { GpuFraction = 0.5 })));
}
