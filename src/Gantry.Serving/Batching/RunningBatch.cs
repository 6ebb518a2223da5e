using Microsoft.ML.OnnxRuntime;

namespace Gantry.Serving.Batching;

/// <summary>A batch taken from the queue and running on one replica; terminated when every caller in it gave up.</summary>
internal sealed class RunningBatch(List<PendingRequest> requests) : IDisposable
{
    public List<PendingRequest> Requests { get; } = requests;

    public RunOptions Options { get; } = new();

    /// <summary>Callers still waiting for the answer; changed under the deployment's lock.</summary>
    public int Waiting { get; set; } = requests.Count;

    public void Dispose() => Options.Dispose();
}
