using System.Net;
using System.Net.Http.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>
/// Jobs on two Slurm nodes through Gantry: the two-node Slurm of .ci/start-slurm (node localhost, node gnode2 in its own
/// network namespace, partition multi holding both). One sbatch holds both nodes; its srun step runs one task on each.
/// </summary>
public sealed class SlurmMultiNodeTests
{
    private const string Pool = "multi";
    private const string SecondNode = "gnode2";

    private const string AllReduce = """
        import datetime
        import os
        import torch
        import torch.distributed as dist
        dist.init_process_group("gloo", timeout=datetime.timedelta(seconds=60))
        rank = dist.get_rank()
        value = torch.tensor([float(rank + 1)])
        dist.all_reduce(value)
        print(f"rank={rank} world={dist.get_world_size()} node={os.environ['SLURMD_NODENAME']} master={os.environ['MASTER_ADDR']} node_rank={os.environ['NODE_RANK']} sum={int(value.item())}", flush=True)
        dist.destroy_process_group()
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodeJob_RunsOneTaskOnEachNode_AndHoldsBothNodesWhileItRuns()
    {
        Require();
        var prefix = SlurmSupport.NewPrefix();
        await using var server = await TestServer.StartAsync(Config(prefix));
        var shared = Directory.CreateTempSubdirectory("gantry-multinode-").FullName;   // the same path on both nodes
        var release = Path.Combine(shared, "release");
        var script = $"""
            line="node=$SLURMD_NODENAME gantry_node=$GANTRY_NODE rank=$RANK node_rank=$NODE_RANK"
            echo "$line"; echo "$line" > "$GANTRY_OUTPUT/task-$SLURMD_NODENAME"; echo "$line" > '{shared}/started-'"$SLURMD_NODENAME"
            while [ ! -e '{release}' ]; do sleep 0.2; done
            """;
        // A whole node each (every CPU): while it runs, nothing else of the pool fits on either node.
        var spec = TestServer.Shell(script, name: "gang") with
        {
            Resources = new ResourceSpec { Nodes = 2, Cpus = NodeCpus(), Memory = "256Mi" },
            Pool = Pool,
            TimeLimit = "10m",
        };

        var id = (await server.Admin.SubmitAsync(spec)).JobIds[0];
        await WaitForFilesAsync(Path.Combine(shared, "started-localhost"), Path.Combine(shared, "started-" + SecondNode));

        // While it runs: the detail names both nodes, and a one-CPU job of the same pool waits for them.
        var running = await server.Admin.GetJobAsync(id);
        Assert.Equal(JobState.Running, running.State);
        Assert.NotNull(running.Gang);
        Assert.Equal([SecondNode, "localhost"], running.Gang.Select(m => m.Node).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(running.Node, running.Gang.Select(m => m.Node));
        var small = (await server.Admin.SubmitAsync(TestServer.Shell("echo small ran on $SLURMD_NODENAME") with
        {
            Resources = new ResourceSpec { Cpus = 1, Memory = "64Mi" },
            Pool = Pool,
        })).JobIds[0];
        var decided = await ExplainWhenDecidedAsync(server, small);
        Assert.True(decided.State == JobState.Queued, $"a one-CPU job was placed on a node the two-node job holds: {decided.State} {decided.Summary}");
        Assert.Equal(JobState.Queued, (await server.Admin.GetJobAsync(small)).State);

        await File.WriteAllTextAsync(release, "go", Ct);
        var job = await server.Admin.WaitAsync(id);
        var log = await server.Admin.LogAsync(id);
        Assert.True(job.State == JobState.Succeeded, $"{job.State} {job.Reason}\n{log}\n{await server.Admin.LogAsync(id, "stderr")}");
        Assert.Contains("node=localhost ", log);
        Assert.Contains($"node={SecondNode} ", log);
        Assert.Contains("rank=0 ", log);
        Assert.Contains("rank=1 ", log);
        Assert.Contains("node_rank=0", log);
        Assert.Contains("node_rank=1", log);
        Assert.Single(SlurmSupport.SlurmJobs(prefix, id));   // one sbatch for the whole gang
        var afterwards = await server.Admin.WaitAsync(small);
        Assert.True(afterwards.State == JobState.Succeeded, $"{afterwards.State} {afterwards.Reason}");
        Directory.Delete(shared, recursive: true);
    }

    [Fact]
    public async Task TwoNodePyTorchJob_AllReducesAcrossTheNodes()
    {
        Require();
        Requirements.Require(Requirements.PythonHas("torch"), "needs PyTorch for /usr/bin/python3: apt-get install python3-torch");
        var prefix = SlurmSupport.NewPrefix();
        await using var server = await TestServer.StartAsync(Config(prefix));
        var spec = new JobSpec
        {
            Name = "ddp2",
            Command = ["/usr/bin/python3", "-c", AllReduce],
            Resources = new ResourceSpec { Nodes = 2, Cpus = 1, Memory = "2Gi" },
            Distributed = new DistributedSpec { Framework = "pytorch", ProcessesPerNode = 1 },
            // gloo binds to the address of the host name, which is loopback on the first node; both ends of the
            // veth pair between the nodes are named gantry0.
            Env = new Dictionary<string, string> { ["GLOO_SOCKET_IFNAME"] = "gantry0" },
            Pool = Pool,
            TimeLimit = "5m",
        };

        var id = (await server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await server.Admin.WaitAsync(id);
        var log = await server.Admin.LogAsync(id);

        Assert.True(job.State == JobState.Succeeded, $"{job.State} {job.Reason}\n{log}\n{await server.Admin.LogAsync(id, "stderr")}");
        Assert.Contains("world=2", log);
        Assert.Contains("node=localhost", log);
        Assert.Contains($"node={SecondNode}", log);
        Assert.Contains("rank=0 world=2", log);
        Assert.Contains("rank=1 world=2", log);
        Assert.Equal(2, log.Split('\n').Count(l => l.EndsWith("sum=3", StringComparison.Ordinal)));
        // The rendezvous is on the node of rank 0 (Slurm's node 0 of the job, which need not be the first node Gantry chose).
        var rank0 = Assert.Single(log.Split('\n'), l => l.StartsWith("rank=0 ", StringComparison.Ordinal));
        var node = rank0.Split(' ').Single(w => w.StartsWith("node=", StringComparison.Ordinal))["node=".Length..];
        Assert.Contains($"master={node} ", rank0);
    }

    [Fact]
    public async Task MoreNodesThanThePoolHas_IsRefusedAtSubmit_AndNothingIsStored()
    {
        Require();
        await using var server = await TestServer.StartAsync(Config(SlurmSupport.NewPrefix()));
        var spec = TestServer.Shell("true") with { Resources = new ResourceSpec { Nodes = 3, Cpus = 1, Memory = "64Mi" }, Pool = Pool };

        var response = await server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(spec), Ct);

        Assert.Contains("3 nodes", await response.ProblemAsync(HttpStatusCode.UnprocessableEntity));
        var jobs = await server.Admin.GetFromJsonAsync<Page<JobView>>("/api/v1/jobs?limit=10", GantryJson.Options, Ct);
        Assert.Empty(jobs!.Items);
    }

    /// <summary>Skips (or fails under GANTRY_REQUIRE_ALL) unless gnode2 of partition multi takes work.</summary>
    private static void Require()
    {
        SlurmSupport.Require();
        var (exitCode, stdout) = SlurmSupport.Run("sinfo", "-h", "-N", "-p", Pool, "-n", SecondNode, "-o", "%t");
        var state = exitCode == 0 ? stdout.Split('\n')[0].Trim() : "";
        Requirements.Require(state is "idle" or "mix" or "alloc", "needs the two-node localhost Slurm: bash .ci/start-slurm");
    }

    /// <summary>Test settings plus a Slurm pool on partition multi (nodes localhost and gnode2).</summary>
    private static Dictionary<string, string?> Config(string prefix)
    {
        var config = TestServer.DefaultConfig(gpus: 0);
        config[$"Pools:{Pool}:Kind"] = "slurm";
        config[$"Pools:{Pool}:Slurm:Partition"] = Pool;
        config[$"Pools:{Pool}:Slurm:PollInterval"] = "00:00:00.200";
        config[$"Pools:{Pool}:Slurm:JobNamePrefix"] = prefix;
        config[$"Pools:{Pool}:Slurm:TimeLimitMargin"] = "00:01:00";
        return config;
    }

    /// <summary>The CPUs Slurm declares for gnode2 (both nodes have this machine's size).</summary>
    private static int NodeCpus()
    {
        var (exitCode, stdout) = SlurmSupport.Run("sinfo", "-h", "-N", "-n", SecondNode, "-o", "%c");
        Assert.Equal(0, exitCode);
        return int.Parse(stdout.Split('\n')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForFilesAsync(params string[] paths)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (!paths.All(File.Exists))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the tasks did not start on both nodes; missing: " + string.Join(", ", paths.Where(p => !File.Exists(p))));
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The explanation once the scheduler has decided about the job at least once.</summary>
    private static async Task<ExplainView> ExplainWhenDecidedAsync(TestServer server, long id)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = await server.Admin.GetFromJsonAsync<ExplainView>($"/api/v1/jobs/{id}/explain", GantryJson.Options, deadline.Token);
            if (view!.DecidedAt is not null || view.State != JobState.Queued)
                return view;
            await Task.Delay(50, deadline.Token);
        }
    }
}
