using Gantry.Core;

namespace Gantry.Serving;

/// <summary>
/// One deployed model version in this process: its ONNX Runtime sessions (one per replica, created once and
/// warmed up before they take traffic), its bounded batch queue and the batching loop. Thread-safe.
/// </summary>
public sealed class ModelDeployment : IAsyncDisposable
{
    public ModelDeployment(string name, string version, string modelPath, DeploymentSettings settings, IServingObserver? observer, TimeProvider time) =>
        throw new NotImplementedException();

    /// <summary>Reads inputs and outputs from an ONNX file without serving it. Invalid when the file is not a loadable ONNX model.</summary>
    public static Outcome<ModelSignature> ReadSignature(string modelPath) => throw new NotImplementedException();

    public string Name => throw new NotImplementedException();

    public string Version => throw new NotImplementedException();

    public DeploymentSettings Settings => throw new NotImplementedException();

    public ModelSignature Signature => throw new NotImplementedException();

    /// <summary>True while at least one replica is loaded and warmed up.</summary>
    public bool Ready => throw new NotImplementedException();

    /// <summary>Replicas asked for (loading ones included).</summary>
    public int Replicas => throw new NotImplementedException();

    public int ReadyReplicas => throw new NotImplementedException();

    public int QueuedRequests => throw new NotImplementedException();

    public int QueuedRows => throw new NotImplementedException();

    /// <summary>
    /// Loads (and warms up) or unloads replicas until there are <paramref name="replicas"/>; 0 unloads all and
    /// the deployment answers Unavailable until scaled up again. Completes when the new replicas are ready.
    /// </summary>
    public Task ScaleAsync(int replicas, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>
    /// Validates, queues, batches and computes one request. Failures as values: Invalid (signature), Unavailable
    /// (no ready replica), Overloaded (queue full), DeadlineExceeded (dropped from the queue uncomputed).
    /// </summary>
    public ValueTask<Outcome<InferResponse>> InferAsync(InferRequest request, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
