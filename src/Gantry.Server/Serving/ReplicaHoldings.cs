using System.Globalization;

namespace Gantry.Server.Serving;

/// <summary>
/// What one deployment's replicas hold, for cost: every replica max(1, intra_op_threads) CPUs (0 leaves the thread
/// count to ONNX Runtime, which is billed as 1) and the model file's size in memory; a <c>cuda</c> or <c>cuda:N</c>
/// deployment also holds that GPU of this server's node, whole, shared by its replicas, while it has any.
/// </summary>
internal sealed record ReplicaHoldings(double CpusPerReplica, long MemoryBytesPerReplica, int Gpus, string Device, string? Devices)
{
    public static ReplicaHoldings Of(DeploymentSpec spec, long modelBytes)
    {
        var cpus = Math.Max(1, spec.Settings.IntraOpThreads);
        var device = spec.Settings.Device;
        if (!device.StartsWith("cuda", StringComparison.Ordinal))
            return new ReplicaHoldings(cpus, modelBytes, 0, "cpu", null);
        var index = device.Length > 5 && device[4] == ':' && int.TryParse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new ReplicaHoldings(cpus, modelBytes, 1, "cuda:" + index.ToString(CultureInfo.InvariantCulture), index.ToString(CultureInfo.InvariantCulture));
    }
}
