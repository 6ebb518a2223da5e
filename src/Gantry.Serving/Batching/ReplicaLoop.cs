using Gantry.Serving.Onnx;

namespace Gantry.Serving.Batching;

/// <summary>A ready replica and the thread that takes batches from the queue for it.</summary>
internal sealed class ReplicaLoop(Replica replica)
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Replica Replica { get; } = replica;

    /// <summary>Set under the deployment's lock: finish the batch in hand, then leave.</summary>
    public bool Stopping { get; set; }

    public Task Exited => _exited.Task;

    public void MarkExited() => _exited.TrySetResult();
}
