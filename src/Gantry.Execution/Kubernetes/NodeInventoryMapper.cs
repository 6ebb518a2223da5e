using System.Globalization;
using Gantry.Core.Hardware;
using k8s.Models;

namespace Gantry.Execution.Kubernetes;

/// <summary>
/// A Kubernetes node as Gantry sees it (pure, unit-tested): its allocatable CPUs, memory and <c>nvidia.com/gpu</c>,
/// the GPU model from GPU feature discovery's <c>nvidia.com/gpu.product</c> label (and memory from
/// <c>nvidia.com/gpu.memory</c>, MiB). Cordoned and not-ready nodes take no work, so they are left out.
/// </summary>
public static class NodeInventoryMapper
{
    public const string Source = "kubernetes";

    public static NodeInventory? Map(V1Node node)
    {
        var name = node.Metadata?.Name;
        if (string.IsNullOrEmpty(name) || node.Spec?.Unschedulable == true || !IsReady(node))
            return null;
        var allocatable = node.Status?.Allocatable ?? new Dictionary<string, ResourceQuantity>();
        var cpus = allocatable.TryGetValue("cpu", out var cpu) ? (int)Math.Floor(cpu.ToDecimal()) : 0;
        var memory = allocatable.TryGetValue("memory", out var mem) ? mem.ToInt64() : 0;
        var gpus = allocatable.TryGetValue(KubernetesNames.GpuResource, out var gpu) ? gpu.ToInt32() : 0;
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        var model = labels.TryGetValue(KubernetesNames.GpuProductLabel, out var product) && !string.IsNullOrWhiteSpace(product)
            ? product.Replace('-', ' ')
            : "NVIDIA GPU";
        var gpuMemory = labels.TryGetValue(KubernetesNames.GpuMemoryLabel, out var mib) && long.TryParse(mib, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            ? m << 20
            : 0;
        var devices = Enumerable.Range(0, Math.Max(0, gpus))
            .Select(i => new AcceleratorDevice(i, "nvidia", $"{name}/gpu{i}", model, gpuMemory))
            .ToArray();
        return new NodeInventory(name, cpus, memory, devices, null, [Source]);
    }

    private static bool IsReady(V1Node node) =>
        node.Status?.Conditions is not { } conditions || conditions.FirstOrDefault(c => c.Type == "Ready") is not { } ready || ready.Status == "True";
}
