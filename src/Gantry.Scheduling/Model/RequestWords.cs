using System.Globalization;
using Gantry.Core.Text;

namespace Gantry.Scheduling.Model;

/// <summary>A request in words: "4 H100 GPUs, 16 CPUs and 64 GiB of memory on one node".</summary>
internal static class RequestWords
{
    public static string Of(QueuedJob j)
    {
        var type = j.GpuType is null ? "" : $"{j.GpuType} ";
        var gpus = j.Gpus == 0 ? null
            : j.GpuFractionMilli < 1000 ? $"{(j.GpuFractionMilli / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)} of a {type}GPU"
            : j.Gpus == 1 ? $"1 {type}GPU" : $"{j.Gpus} {type}GPUs";
        var cpus = $"{(j.CpuMilli / 1000.0).ToString("0.##", CultureInfo.InvariantCulture)} CPU{(j.CpuMilli == 1000 ? "" : "s")}";
        var memory = $"{MemorySize.Human(j.MemoryBytes)} of memory";
        var what = gpus is null ? $"{cpus} and {memory}" : $"{gpus}, {cpus} and {memory}";
        return j.Nodes == 1 ? $"{what} on one node" : $"{what} on each of {j.Nodes} nodes (a gang: all start together or none does)";
    }
}
