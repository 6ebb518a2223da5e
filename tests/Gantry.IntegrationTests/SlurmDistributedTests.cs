using System.Net;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>Distributed training through Gantry: a two-process torch.distributed job (gloo, CPU) on the localhost Slurm.</summary>
public sealed class SlurmDistributedTests
{
    private const string AllReduce = """
        import os
        import torch
        import torch.distributed as dist
        dist.init_process_group("gloo")
        rank = dist.get_rank()
        value = torch.tensor([float(rank + 1)])
        dist.all_reduce(value)
        print(f"rank={rank} world={dist.get_world_size()} local_rank={os.environ['LOCAL_RANK']} node_rank={os.environ['NODE_RANK']} sum={int(value.item())}", flush=True)
        dist.destroy_process_group()
        """;

    [Fact]
    public async Task TwoProcessPyTorchJob_OnSlurm_AllReducesAcrossBothRanks()
    {
        SlurmSupport.Require();
        Requirements.Require(Requirements.PythonHas("torch"), "needs PyTorch for /usr/bin/python3: apt-get install python3-torch");
        var prefix = SlurmSupport.NewPrefix();
        await using var server = await TestServer.StartAsync(SlurmSupport.Config(prefix));
        var spec = new JobSpec
        {
            Name = "ddp",
            Command = ["/usr/bin/python3", "-c", AllReduce],
            Resources = new ResourceSpec { Cpus = 2, Memory = "2Gi" },
            Distributed = new DistributedSpec { Framework = "pytorch", ProcessesPerNode = 2 },
            Pool = SlurmSupport.Pool,
            TimeLimit = "5m",
        };

        var id = (await server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await server.Admin.WaitAsync(id);
        var log = await server.Admin.LogAsync(id);

        Assert.True(job.State == JobState.Succeeded, $"{job.State} {job.Reason}\n{log}\n{await server.Admin.LogAsync(id, "stderr")}");
        Assert.Contains("rank=0 world=2 local_rank=0 node_rank=0 sum=3", log);
        Assert.Contains("rank=1 world=2 local_rank=1 node_rank=0 sum=3", log);
        Assert.Equal(new DistributedRequest("pytorch", 2), job.Distributed);
    }

    [Fact]
    public async Task SeveralProcesses_WithOnlyTheLocalPool_AreRefusedAtSubmit()
    {
        await using var server = await TestServer.StartAsync();
        var spec = TestServer.Shell("true") with
        {
            Resources = new ResourceSpec { Cpus = 2, Memory = "64Mi" },
            Distributed = new DistributedSpec { Framework = "pytorch", ProcessesPerNode = 2 },
        };

        var response = await server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(spec), TestContext.Current.CancellationToken);

        Assert.Contains("submit it to a Slurm pool", await response.ProblemAsync(HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task OneProcessPyTorchJob_OnTheLocalPool_GetsTheTorchrunVariables()
    {
        await using var server = await TestServer.StartAsync();
        var spec = TestServer.Shell("echo $MASTER_ADDR:$MASTER_PORT world=$WORLD_SIZE rank=$RANK local=$LOCAL_RANK node=$NODE_RANK") with
        {
            Distributed = new DistributedSpec { Framework = "pytorch" },
        };

        var id = (await server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Contains("127.0.0.1:", await server.Admin.LogAsync(id));
        Assert.Contains("world=1 rank=0 local=0 node=0", await server.Admin.LogAsync(id));
    }

    [Fact]
    public async Task UnknownFramework_IsABadRequest()
    {
        await using var server = await TestServer.StartAsync();
        var spec = TestServer.Shell("true") with { Distributed = new DistributedSpec { Framework = "mpi" } };

        var response = await server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(spec), TestContext.Current.CancellationToken);

        Assert.Contains("distributed.framework 'mpi' is not one of pytorch, tensorflow, spark", await response.ProblemAsync(HttpStatusCode.BadRequest));
    }
}
