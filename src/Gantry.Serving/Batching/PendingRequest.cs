using Gantry.Core;

namespace Gantry.Serving.Batching;

/// <summary>
/// A request waiting in a deployment's queue or running in a batch. Its state changes under the deployment's
/// lock; whoever moves it to <see cref="PendingState.Done"/> completes it, exactly once.
/// </summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<Outcome<InferResponse>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _hookCalls;

    public PendingRequest(InferRequest request, Tensor[] inputs, int rows, bool mergeable, string[] outputs, DateTimeOffset deadline, long enqueued)
    {
        Request = request;
        Inputs = inputs;
        Rows = rows;
        Mergeable = mergeable;
        Outputs = outputs;
        Deadline = deadline;
        Enqueued = enqueued;
        Node = new LinkedListNode<PendingRequest>(this);
    }

    public InferRequest Request { get; }

    /// <summary>The inputs in the model's order.</summary>
    public Tensor[] Inputs { get; }

    /// <summary>The first dimension shared by all inputs: what the queue bound and the batch size count.</summary>
    public int Rows { get; }

    /// <summary>False when the request must run alone (the model or the request has no batch dimension).</summary>
    public bool Mergeable { get; }

    /// <summary>The outputs this request asked for, in the order it asked.</summary>
    public string[] Outputs { get; }

    public DateTimeOffset Deadline { get; }

    /// <summary>When it was queued, as a <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public long Enqueued { get; }

    public LinkedListNode<PendingRequest> Node { get; }

    public PendingState State { get; set; }

    /// <summary>The batch it runs in, once taken from the queue.</summary>
    public RunningBatch? Batch { get; set; }

    public ITimer? DeadlineTimer { get; set; }

    public CancellationTokenRegistration Cancellation { get; set; }

    public Task<Outcome<InferResponse>> Task => _completion.Task;

    /// <summary>The deployment whose queue holds it; set before its timer and cancellation are hooked.</summary>
    public ModelDeployment? Owner { get; set; }

    public void OnDeadline() => Owner?.Expire(this);

    public void OnCancelled(CancellationToken token) => Owner?.Abandon(this, token);

    /// <summary>The timer and the registration are set; if the request completed meanwhile, they are released now.</summary>
    public void Hooked() => ReleaseHooks();

    /// <summary>True when this request can share a batch with <paramref name="other"/>: same dims beyond the rows.</summary>
    public bool CanMergeWith(PendingRequest other)
    {
        if (!Mergeable || !other.Mergeable)
            return false;
        for (var i = 0; i < Inputs.Length; i++)
        {
            if (!Shapes.SameRowShape(Inputs[i].Shape, other.Inputs[i].Shape))
                return false;
        }
        return true;
    }

    public void Complete(Outcome<InferResponse> outcome)
    {
        if (_completion.TrySetResult(outcome))
            ReleaseHooks();
    }

    public void Cancel(CancellationToken token)
    {
        if (_completion.TrySetCanceled(token))
            ReleaseHooks();
    }

    // Called once when the hooks are in place and once when the request completes: the second call releases them,
    // so a request that completes before its hooks are set does not keep a timer or a registration alive.
    private void ReleaseHooks()
    {
        if (Interlocked.Increment(ref _hookCalls) != 2)
            return;
        DeadlineTimer?.Dispose();
        Cancellation.Dispose();
    }
}

internal enum PendingState
{
    Queued,
    Running,
    Done,
}
