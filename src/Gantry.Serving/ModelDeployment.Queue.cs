using Gantry.Core;
using Gantry.Serving.Batching;

namespace Gantry.Serving;

// The bounded queue: requests in arrival order, each with a deadline timer and its caller's cancellation.
public sealed partial class ModelDeployment
{
    // Deadlines further away than this get no timer (a timer's range is limited); the batcher still checks them.
    private static readonly TimeSpan LongestDeadlineTimer = TimeSpan.FromDays(1);

    private readonly object _gate = new();
    private readonly LinkedList<PendingRequest> _queue = new();
    private int _queuedRows;
    private bool _stopped;

    /// <summary>
    /// Validates, queues, batches and computes one request. Failures as values: Invalid (signature), Unavailable
    /// (no ready replica), Overloaded (queue full), DeadlineExceeded (dropped from the queue uncomputed).
    /// </summary>
    public ValueTask<Outcome<InferResponse>> InferAsync(InferRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (OipCodec.Validate(request, Signature) is { } invalid)
            return Fail(invalid);
        var inputs = new Tensor[Signature.Inputs.Count];
        foreach (var input in request.Inputs)
            inputs[_inputIndex[input.Name]] = input;
        var (rows, mergeable) = RowsOf(inputs);
        if (rows > Settings.MaxQueueRows)
            return Fail(GantryError.Invalid($"the request has {rows} rows, more than the queue of deployment {Name} holds ({Settings.MaxQueueRows} rows); split it"));
        var untilDeadline = deadline - _time.GetUtcNow();
        if (untilDeadline <= TimeSpan.Zero)
            return Fail(GantryError.DeadlineExceeded($"the deadline of the request to deployment {Name} passed before it was queued"));

        var pending = new PendingRequest(request, inputs, rows, mergeable, OutputsOf(request), deadline, _time.GetTimestamp());
        lock (_gate)
        {
            if (_stopped)
                return Fail(GantryError.Unavailable($"deployment {Name} was stopped"));
            if (_ready == 0)
                return Fail(GantryError.Unavailable($"deployment {Name} is scaling from zero; retry"));
            if (_queuedRows + rows > Settings.MaxQueueRows)
                return Fail(GantryError.Overloaded($"queue of deployment {Name} is full ({Settings.MaxQueueRows} rows); retry later"));
            _queue.AddLast(pending.Node);
            _queuedRows += rows;
            // An idle loop waiting for a batch to fill is woken only once it can be full; MaxDelay wakes it otherwise.
            if (_idle > 0 && _queuedRows >= _wakeAtRows)
                Monitor.PulseAll(_gate);
        }
        // Hooked after queueing: either callback finds the request wherever it is by then (queued, running or done).
        if (untilDeadline < LongestDeadlineTimer)
            pending.DeadlineTimer = _time.CreateTimer(static state => ((PendingRequest)state!).OnDeadline(), pending, untilDeadline, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
            pending.Cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingRequest)state!).OnCancelled(token), pending);
        pending.Owner = this;
        pending.Hooked();
        return new ValueTask<Outcome<InferResponse>>(pending.Task);
    }

    private static ValueTask<Outcome<InferResponse>> Fail(GantryError error) => ValueTask.FromResult(Outcome<InferResponse>.Fail(error));

    private (int Rows, bool Mergeable) RowsOf(Tensor[] inputs)
    {
        if (inputs.Length == 0 || inputs[0].Shape.Length == 0)
            return (1, false);
        var rows = inputs[0].Shape[0];
        var mergeable = true;
        foreach (var input in inputs)
        {
            if (input.Shape.Length == 0 || input.Shape[0] != rows)
                mergeable = false;
        }
        return ((int)Math.Min(rows, int.MaxValue), mergeable && rows > 0);
    }

    private string[] OutputsOf(InferRequest request)
    {
        if (request.Outputs is null || request.Outputs.Count == 0)
            return _allOutputs;
        var names = new string[request.Outputs.Count];
        for (var i = 0; i < names.Length; i++)
            names[i] = request.Outputs[i].Name;
        return names;
    }

    /// <summary>The deadline timer fired: a request still queued is dropped, uncomputed.</summary>
    internal void Expire(PendingRequest pending)
    {
        lock (_gate)
        {
            if (pending.State != PendingState.Queued || pending.Node.List is null)
                return;
            Unqueue(pending);
            pending.State = PendingState.Done;
        }
        CompleteExpired(pending);
    }

    /// <summary>The caller gave up: a queued request leaves the queue; a running batch stops when no caller waits for it.</summary>
    internal void Abandon(PendingRequest pending, CancellationToken token)
    {
        lock (_gate)
        {
            if (pending.State == PendingState.Queued && pending.Node.List is not null)
            {
                Unqueue(pending);
                pending.State = PendingState.Done;
            }
            else if (pending.State == PendingState.Running && pending.Batch is { } batch)
            {
                if (--batch.Waiting == 0)
                    batch.Options.Terminate = true;
            }
            else
            {
                return;
            }
        }
        pending.Cancel(token);
    }

    private void Unqueue(PendingRequest pending)
    {
        _queue.Remove(pending.Node);
        _queuedRows -= pending.Rows;
    }

    private void CompleteExpired(PendingRequest pending)
    {
        var waited = _time.GetElapsedTime(pending.Enqueued);
        _observer?.OnDequeued(this, waited, expired: true);
        pending.Complete(GantryError.DeadlineExceeded(
            $"the request to deployment {Name} waited {waited.TotalMilliseconds:0} ms in the queue and its deadline passed before a replica took it; it was not computed"));
    }

    /// <summary>Empties the queue when the last replica left; its requests get Unavailable.</summary>
    private List<PendingRequest> DrainQueue()
    {
        var drained = new List<PendingRequest>(_queue.Count);
        while (_queue.First is { } node)
        {
            Unqueue(node.Value);
            node.Value.State = PendingState.Done;
            drained.Add(node.Value);
        }
        return drained;
    }
}
