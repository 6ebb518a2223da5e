using Gantry.Execution.Kubernetes;
using k8s.Models;

namespace Gantry.Execution.Tests.Kubernetes;

public sealed class NodeInventoryMapperTests
{
    [Fact]
    public void GpuNode_HasAllocatableCpusMemoryAndGpus_WithTheProductLabel()
    {
        var node = JsonNode("""
            {"metadata":{"name":"gpu-1","labels":{"nvidia.com/gpu.product":"NVIDIA-H100-80GB-HBM3","nvidia.com/gpu.memory":"81559"}},
             "status":{"allocatable":{"cpu":"95500m","memory":"1056Gi","nvidia.com/gpu":"8"},"conditions":[{"type":"Ready","status":"True"}]}}
            """);

        var inventory = NodeInventoryMapper.Map(node)!;

        Assert.Equal("gpu-1", inventory.Name);
        Assert.Equal(95, inventory.Cpus);
        Assert.Equal(1056L << 30, inventory.MemoryBytes);
        Assert.Equal(8, inventory.Accelerators.Count);
        Assert.All(inventory.Accelerators, a => Assert.Equal("NVIDIA H100 80GB HBM3", a.Model));
        Assert.Equal(81559L << 20, inventory.Accelerators[0].MemoryBytes);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], inventory.Accelerators.Select(a => a.Index));
        Assert.Equal(["kubernetes"], inventory.DiscoveredBy);
    }

    [Fact]
    public void CpuNode_HasNoAccelerators()
    {
        var node = JsonNode("""{"metadata":{"name":"cpu-1"},"status":{"allocatable":{"cpu":"16","memory":"64Gi"}}}""");

        var inventory = NodeInventoryMapper.Map(node)!;

        Assert.Equal(16, inventory.Cpus);
        Assert.Empty(inventory.Accelerators);
    }

    [Fact]
    public void CordonedOrNotReadyNodes_AreLeftOut()
    {
        Assert.Null(NodeInventoryMapper.Map(JsonNode("""{"metadata":{"name":"a"},"spec":{"unschedulable":true},"status":{"allocatable":{"cpu":"4"}}}""")));
        Assert.Null(NodeInventoryMapper.Map(JsonNode("""{"metadata":{"name":"b"},"status":{"allocatable":{"cpu":"4"},"conditions":[{"type":"Ready","status":"False"}]}}""")));
    }

    private static V1Node JsonNode(string json) => k8s.KubernetesJson.Deserialize<V1Node>(json);
}
