using Gantry.Serving.Batching;
using Gantry.Serving.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Gantry.Serving;

// Replicas: loaded and warmed up off the request path, then given a batching thread; removed after their last batch.
public sealed partial class ModelDeployment
{
    private readonly List<ReplicaLoop> _loops = [];
    private int _target;
    private int _ready;

    /// <summary>
    /// Loads (and warms up) or unloads replicas until there are <paramref name="replicas"/>; 0 unloads all and
    /// the deployment answers Unavailable until scaled up again. Completes when the new replicas are ready.
    /// </summary>
    public async Task ScaleAsync(int replicas, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        await _scaleLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var current = _loops.Count;
            Volatile.Write(ref _target, replicas);
            if (replicas > current)
                await AddReplicasAsync(replicas - current, cancellationToken);
            else if (replicas < current)
                await RemoveReplicasAsync(current - replicas);
        }
        finally
        {
            _scaleLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scaleLock.WaitAsync();
        try
        {
            if (_stopped)
                return;
            await RemoveReplicasAsync(_loops.Count);
            lock (_gate)
                _stopped = true;
            Volatile.Write(ref _target, 0);
            _delayTimer.Dispose();
            Interlocked.Exchange(ref _spare, null)?.Dispose();
        }
        finally
        {
            _scaleLock.Release();
        }
    }

    private async Task AddReplicasAsync(int count, CancellationToken cancellationToken)
    {
        var loading = new Task<Replica>[count];
        for (var i = 0; i < count; i++)
            loading[i] = Task.Run(LoadReplica, CancellationToken.None);
        try
        {
            await Task.WhenAll(loading);
        }
        catch
        {
            foreach (var task in loading)
            {
                if (task.IsCompletedSuccessfully)
                    task.Result.Dispose();
            }
            Volatile.Write(ref _target, _loops.Count);
            throw;
        }
        if (cancellationToken.IsCancellationRequested)
        {
            foreach (var task in loading)
                task.Result.Dispose();
            Volatile.Write(ref _target, _loops.Count);
            cancellationToken.ThrowIfCancellationRequested();
        }
        foreach (var task in loading)
        {
            var loop = new ReplicaLoop(task.Result);
            var thread = new Thread(() => Loop(loop)) { IsBackground = true, Name = $"gantry-serve-{Name}" };
            lock (_gate)
            {
                _loops.Add(loop);
                _ready++;
            }
            thread.Start();
        }
    }

    /// <summary>A session (the spare one first), then a zero input of batch 1: the replica is ready only if that ran.</summary>
    private Replica LoadReplica()
    {
        var session = Interlocked.Exchange(ref _spare, null) ?? OpenSession(_modelPath, Settings);
        var replica = new Replica(session, Signature);
        try
        {
            replica.WarmUp();
            return replica;
        }
        catch (Exception e) when (e is OnnxRuntimeException or BatchShapeException)
        {
            replica.Dispose();
            throw new InvalidOperationException($"a replica of deployment {Name} failed its warm-up run: {e.Message}", e);
        }
    }

    private async Task RemoveReplicasAsync(int count)
    {
        var leaving = new List<ReplicaLoop>(count);
        List<PendingRequest>? drained = null;
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var loop = _loops[^1];
                _loops.RemoveAt(_loops.Count - 1);
                loop.Stopping = true;
                leaving.Add(loop);
            }
            _ready = _loops.Count;
            if (_ready == 0)
                drained = DrainQueue();
            Monitor.PulseAll(_gate);
        }
        if (drained is not null)
        {
            foreach (var pending in drained)
                pending.Complete(Core.GantryError.Unavailable($"deployment {Name} scaled to zero before the request ran; retry"));
        }
        foreach (var loop in leaving)
        {
            await loop.Exited;
            loop.Replica.Dispose();
        }
        if (_loops.Count == 0)
            Interlocked.Exchange(ref _spare, null)?.Dispose();
    }
}
