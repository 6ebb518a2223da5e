using Gantry.Core.Hardware;
using Gantry.Execution;

namespace Gantry.Execution.Tests.Kubernetes;

internal static class Requests
{
    public static LaunchRequest Gpu(int gpus, string node = "gpu-node-1", IReadOnlyDictionary<string, string>? env = null) => new(
        JobId: 42,
        Attempt: 2,
        Command: ["python", "train.py", "--epochs", "3"],
        Env: env ?? new Dictionary<string, string> { ["LR"] = "0.1" },
        JobDirectory: "/var/lib/gantry/jobs/42",
        Node: node,
        Devices: Enumerable.Range(0, gpus).Select(i => new AcceleratorDevice(i, "nvidia", $"{node}/gpu{i}", "NVIDIA A100 SXM4 80GB", 80L << 30)).ToArray(),
        Cpus: 7.5,
        MemoryBytes: 64L << 30,
        ArrayIndex: null);
}
