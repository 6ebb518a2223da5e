using System.Text.Json;
using Gantry.Core.Jobs;
using Gantry.Execution.Distributed;

namespace Gantry.Execution.Tests.Distributed;

public sealed class DistributedEnvironmentTests
{
    private static readonly DistributedLayout TwoByTwo = DistributedLayout.For(new DistributedRequest("pytorch", 2), ["n1", "n2"], 12);

    [Fact]
    public void MasterPort_IsStablePerJob_AndBelowTheEphemeralRange()
    {
        Assert.Equal(29512, DistributedEnvironment.MasterPort(12));
        Assert.Equal(DistributedEnvironment.MasterPort(3012), DistributedEnvironment.MasterPort(12));
        for (long id = 0; id < 10_000; id += 7)
            Assert.InRange(DistributedEnvironment.MasterPort(id), 29500, 32767);
    }

    [Fact]
    public void ForProcess_GivesTheTorchrunVariables()
    {
        var env = DistributedEnvironment.ForProcess(TwoByTwo, nodeRank: 1, localRank: 0);

        Assert.Equal("n1", env["MASTER_ADDR"]);
        Assert.Equal("29512", env["MASTER_PORT"]);
        Assert.Equal("4", env["WORLD_SIZE"]);
        Assert.Equal("2", env["LOCAL_WORLD_SIZE"]);
        Assert.Equal("2", env["RANK"]);
        Assert.Equal("0", env["LOCAL_RANK"]);
        Assert.Equal("1", env["NODE_RANK"]);
        Assert.False(env.ContainsKey("TF_CONFIG"));
    }

    [Fact]
    public void Ranks_AreNodeMajor_AndCoverTheWorldOnce()
    {
        var ranks = new List<int>();
        for (var node = 0; node < 2; node++)
        {
            for (var local = 0; local < 2; local++)
                ranks.Add(int.Parse(DistributedEnvironment.ForProcess(TwoByTwo, node, local)["RANK"], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal([0, 1, 2, 3], ranks);
    }

    [Fact]
    public void ForProcess_OutsideTheLayout_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DistributedEnvironment.ForProcess(TwoByTwo, 2, 0));

    [Fact]
    public void TensorFlow_GetsTfConfig_WithEveryWorkerAndItsIndex()
    {
        var layout = DistributedLayout.For(new DistributedRequest("tensorflow", 2), ["n1", "n2"], 12);
        var env = DistributedEnvironment.ForProcess(layout, 1, 1);

        using var config = JsonDocument.Parse(env["TF_CONFIG"]);
        var workers = config.RootElement.GetProperty("cluster").GetProperty("worker").EnumerateArray().Select(w => w.GetString()).ToArray();
        Assert.Equal(["n1:29512", "n1:29513", "n2:29512", "n2:29513"], workers);
        Assert.Equal("worker", config.RootElement.GetProperty("task").GetProperty("type").GetString());
        Assert.Equal(3, config.RootElement.GetProperty("task").GetProperty("index").GetInt32());
    }

    [Fact]
    public void Spark_OnOneNode_RunsLocalWithTheJobsCpus()
    {
        var layout = DistributedLayout.For(new DistributedRequest("spark", 1), ["n1"], 5);
        var master = DistributedEnvironment.SparkMaster(layout, new Dictionary<string, string>(), 3.5);

        Assert.Equal("local[3]", master.Value);
        Assert.Equal(["spark-submit", "--master", "local[3]", "--name", "gantry-5", "app.py", "--x"],
            DistributedEnvironment.SparkSubmit(["app.py", "--x"], master.Value!, "gantry-5"));
    }

    [Fact]
    public void Spark_OnSeveralNodes_NeedsAStandingCluster()
    {
        var layout = DistributedLayout.For(new DistributedRequest("spark", 1), ["n1", "n2"], 5);

        Assert.Contains("SPARK_MASTER_URL", DistributedEnvironment.SparkMaster(layout, new Dictionary<string, string>(), 4).Error!.Message);
        Assert.Equal("spark://m:7077", DistributedEnvironment.SparkMaster(layout, new Dictionary<string, string> { ["SPARK_MASTER_URL"] = "spark://m:7077" }, 4).Value);
    }

    [Fact]
    public void SparkSubmit_InTheCommand_KeepsItsOwnMaster()
    {
        Assert.Equal(["spark-submit", "--master", "yarn", "a.py"], DistributedEnvironment.SparkSubmit(["spark-submit", "--master", "yarn", "a.py"], "local[2]", "n"));
        Assert.Equal(["/opt/spark/bin/spark-submit", "--master", "local[2]", "a.py"], DistributedEnvironment.SparkSubmit(["/opt/spark/bin/spark-submit", "a.py"], "local[2]", "n"));
    }
}
