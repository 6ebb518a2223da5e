using Gantry.Core;
using Gantry.Serving.Batching;
using Gantry.Serving.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Gantry.Serving;

// The batching loop: one thread per ready replica takes batches from the queue and runs them.
public sealed partial class ModelDeployment
{
    // Wakes the loops when the oldest request has waited MaxDelay.
    private readonly ITimer _delayTimer;
    private int _idle;

    // Queued rows at which an enqueue wakes the idle loops: 1 when they wait on an empty queue, MaxBatchRows when
    // they wait for a batch to fill (each enqueue would otherwise wake them for nothing).
    private int _wakeAtRows = 1;

    private void Wake()
    {
        lock (_gate)
            Monitor.PulseAll(_gate);
    }

    private void Loop(ReplicaLoop loop)
    {
        var expired = new List<PendingRequest>();
        try
        {
            while (true)
            {
                RunningBatch? batch;
                lock (_gate)
                {
                    while (true)
                    {
                        if (loop.Stopping)
                            return;
                        batch = TakeBatch(expired, out var wait);
                        if (batch is not null || expired.Count > 0)
                            break;
                        if (wait > TimeSpan.Zero)
                            _delayTimer.Change(wait, Timeout.InfiniteTimeSpan);
                        _wakeAtRows = _queue.Count == 0 ? 1 : Settings.MaxBatchRows;
                        _idle++;
                        Monitor.Wait(_gate);
                        _idle--;
                    }
                }
                foreach (var pending in expired)
                    CompleteExpired(pending);
                expired.Clear();
                if (batch is not null)
                    Execute(loop.Replica, batch);
            }
        }
        finally
        {
            loop.MarkExited();
        }
    }

    /// <summary>
    /// Under the lock: the next batch, or null and how long until the oldest request has waited
    /// <see cref="DeploymentSettings.MaxDelay"/>. A batch is the oldest request plus the later ones whose
    /// inputs agree beyond the rows, in arrival order, up to <see cref="DeploymentSettings.MaxBatchRows"/>; it
    /// goes when it is full (or the next compatible request would not fit) or when the oldest waited long enough.
    /// Requests whose deadline passed are moved to <paramref name="expired"/> and never computed.
    /// </summary>
    private RunningBatch? TakeBatch(List<PendingRequest> expired, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var now = _time.GetUtcNow();
        while (_queue.First is { } first && first.Value.Deadline <= now)
        {
            Unqueue(first.Value);
            first.Value.State = PendingState.Done;
            expired.Add(first.Value);
        }
        if (_queue.First is not { } headNode)
            return null;
        var head = headNode.Value;
        var max = Settings.MaxBatchRows;
        if (!_batchable || !head.Mergeable || max <= 1 || head.Rows >= max)
            return Take([head]);

        var rows = head.Rows;
        var full = false;
        for (var node = headNode.Next; node is not null && !full; node = node.Next)
        {
            if (!node.Value.CanMergeWith(head))
                continue;
            if (rows + node.Value.Rows > max)
                full = true;
            else
                rows += node.Value.Rows;
            full |= rows == max;
        }
        var waited = _time.GetElapsedTime(head.Enqueued);
        if (!full && waited < Settings.MaxDelay)
        {
            wait = Settings.MaxDelay - waited;
            return null;
        }

        var members = new List<PendingRequest> { head };
        rows = head.Rows;
        for (var node = headNode.Next; node is not null && rows < max; node = node.Next)
        {
            var candidate = node.Value;
            if (candidate.Deadline > now && candidate.CanMergeWith(head) && rows + candidate.Rows <= max)
            {
                members.Add(candidate);
                rows += candidate.Rows;
            }
        }
        return Take(members);
    }

    private RunningBatch Take(List<PendingRequest> members)
    {
        var batch = new RunningBatch(members);
        foreach (var pending in members)
        {
            Unqueue(pending);
            pending.State = PendingState.Running;
            pending.Batch = batch;
        }
        return batch;
    }

    /// <summary>Runs a batch on a replica (outside the lock) and answers its callers.</summary>
    private void Execute(Replica replica, RunningBatch batch)
    {
        var requests = batch.Requests;
        var started = _time.GetTimestamp();
        if (_observer is { } observer)
        {
            foreach (var pending in requests)
                observer.OnDequeued(this, _time.GetElapsedTime(pending.Enqueued, started), expired: false);
        }
        var outputs = UnionOfOutputs(requests);
        var inputs = new Tensor[requests.Count][];
        var rows = new int[requests.Count];
        var totalRows = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            inputs[i] = requests[i].Inputs;
            rows[i] = requests[i].Rows;
            totalRows += rows[i];
        }
        Tensor[][]? results = null;
        GantryError? error = null;
        try
        {
            results = replica.Run(inputs, rows, outputs, batch.Options);
        }
        catch (BatchShapeException)
        {
            // The model's outputs do not follow its input rows: from now on every request runs alone.
            _batchable = false;
        }
        catch (OnnxRuntimeException e) when (batch.Options.Terminate)
        {
            error = GantryError.Unavailable($"the batch of deployment {Name} was terminated: every caller left ({e.Message})");
        }
        catch (OnnxRuntimeException e)
        {
            error = GantryError.Invalid($"model {Name} version {Version} failed on this input: {e.Message}");
        }
        lock (_gate)
        {
            foreach (var pending in requests)
                pending.State = PendingState.Done;
        }
        batch.Dispose();

        if (results is null && error is null)
        {
            foreach (var pending in requests)
            {
                pending.State = PendingState.Running;
                var single = new RunningBatch([pending]);
                pending.Batch = single;
                Execute(replica, single);
            }
            return;
        }
        _observer?.OnBatch(this, totalRows, requests.Count, _time.GetElapsedTime(started));
        for (var i = 0; i < requests.Count; i++)
        {
            var pending = requests[i];
            pending.Complete(results is null ? error! : Respond(pending, results[i], outputs));
        }
    }

    private string[] UnionOfOutputs(List<PendingRequest> requests)
    {
        var all = true;
        foreach (var pending in requests)
            all &= ReferenceEquals(pending.Outputs, _allOutputs);
        if (all)
            return _allOutputs;
        var wanted = new bool[_allOutputs.Length];
        foreach (var pending in requests)
        {
            foreach (var name in pending.Outputs)
                wanted[_outputIndex[name]] = true;
        }
        var union = new List<string>(_allOutputs.Length);
        for (var i = 0; i < wanted.Length; i++)
        {
            if (wanted[i])
                union.Add(_allOutputs[i]);
        }
        return [.. union];
    }

    private InferResponse Respond(PendingRequest pending, Tensor[] computed, string[] computedNames)
    {
        Tensor[] outputs;
        if (ReferenceEquals(pending.Outputs, computedNames))
        {
            outputs = computed;
        }
        else
        {
            outputs = new Tensor[pending.Outputs.Length];
            for (var i = 0; i < outputs.Length; i++)
                outputs[i] = computed[Array.IndexOf(computedNames, pending.Outputs[i])];
        }
        return new InferResponse(Name, Version, pending.Request.Id, outputs);
    }
}
