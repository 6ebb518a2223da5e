using System.Collections.Concurrent;
using Gantry.Core;
using Gantry.Serving;
using Gantry.Storage;
using Gantry.Storage.Data;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Serving;

/// <summary>
/// Owns the live <see cref="ModelDeployment"/>s: starts every stored deployment when the server starts (each becomes
/// ready after its warm-up, in the background, so the server listens at once), applies create, scale, update (a rolling
/// swap: the new sessions warm up before the old ones stop taking requests) and delete after they are committed, and
/// unloads everything on shutdown. Requests find deployments here without touching the database.
/// </summary>
internal sealed partial class DeploymentManager : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LiveDeployment> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _background = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly MetadataStore _store;
    private readonly ModelFiles _files;
    private readonly ServingMetrics _metrics;
    private readonly DeploymentSpans _spans;
    private readonly TimeProvider _time;
    private readonly ILogger<DeploymentManager> _logger;
    private volatile bool _started;
    private int _stopped;

    public DeploymentManager(MetadataStore store, ModelFiles files, ServingMetrics metrics, DeploymentSpans spans, TimeProvider time, ILogger<DeploymentManager> logger)
    {
        _spans = spans;
        _store = store;
        _files = files;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        metrics.Watch(() => _live.Values);
    }

    public IEnumerable<LiveDeployment> All => _live.Values;

    /// <summary>True once every stored deployment has been started and each that should serve has a ready replica.</summary>
    public bool Ready => _started && _live.Values.All(l => l.Failure is not null || l.TargetReplicas == 0 || l.Ready);

    public bool TryGet(string name, out LiveDeployment live) => _live.TryGetValue(name, out live!);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before any replica starts: what a crash left open ends at its last heartbeat, not now.
        var closed = await _spans.CloseLeftOpenAsync(cancellationToken);
        if (closed > 0)
            Log.SpansClosedAfterCrash(_logger, closed);
        List<DeploymentRecord> records;
        await using (var db = _store.CreateContext())
            records = await db.Deployments.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        foreach (var record in records)
            Start(record);
        _started = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host stops its services once per StopAsync; a test that disposes a stopped app stops them again.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        await _stopping.CancelAsync();
        await Task.WhenAll(_background.Keys).WaitAsync(cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        foreach (var live in _live.Values)
        {
            if (live.Slot is { } slot)
                await slot.RetireAsync();
        }

        _live.Clear();

        // A host that failed to start never opened spans (and its metadata writer is gone already).
        if (_started)
            await _spans.CloseAllAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    /// <summary>
    /// Starts a committed deployment: loads its model and warms its replicas in the background. A deployment already
    /// live (started by <see cref="DeploymentSync"/> just before the API call that created it got here) is returned as is.
    /// </summary>
    public LiveDeployment Start(DeploymentRecord record)
    {
        var spec = DeploymentSpec.From(record);
        var created = new LiveDeployment(spec, _time.GetTimestamp()) { TargetReplicas = Math.Clamp(spec.Replicas, spec.MinReplicas, spec.MaxReplicas) };
        var live = _live.GetOrAdd(spec.Name, created);
        if (!ReferenceEquals(live, created))
            return live;
        Run(live, "start", async token =>
        {
            await live.Gate.WaitAsync(token);
            try
            {
                var slot = await LoadAsync(spec, token);
                if (!slot.IsOk)
                {
                    live.Failure = slot.Error.Message;
                    return;
                }

                live.Slot = slot.Value;
                await ScaleAsync(spec, slot.Value, live.TargetReplicas, token);
                Log.DeploymentReady(_logger, spec.Name, spec.Model, spec.Version, live.TargetReplicas);
            }
            finally
            {
                live.Gate.Release();
            }
        });
        return live;
    }

    /// <summary>Applies a committed scale: the replicas now, and the autoscaler's new bounds.</summary>
    public void Scale(DeploymentRecord record)
    {
        if (!_live.TryGetValue(record.Name, out var live))
            return;
        live.Spec = live.Spec with { Replicas = record.Replicas, MinReplicas = record.MinReplicas, MaxReplicas = record.MaxReplicas };
        SetReplicas(live, record.Replicas, "scale");
    }

    /// <summary>Moves a deployment to <paramref name="replicas"/> in the background (the autoscaler and scale requests).</summary>
    public void SetReplicas(LiveDeployment live, int replicas, string why)
    {
        live.TargetReplicas = replicas;
        Run(live, why, async token =>
        {
            await live.Gate.WaitAsync(token);
            try
            {
                if (live.Slot is { } slot && live.TargetReplicas == replicas)
                {
                    Log.Scaling(_logger, live.Name, slot.Model.Replicas, replicas, why);
                    await ScaleAsync(live.Spec, slot, replicas, token);
                }
            }
            finally
            {
                live.Gate.Release();
            }
        });
    }

    /// <summary>A request reached a deployment scaled to zero: start one replica (or min), once.</summary>
    public void Wake(LiveDeployment live)
    {
        if (!live.TryStartWaking())
            return;
        var replicas = Math.Max(1, live.Spec.MinReplicas);
        live.TargetReplicas = replicas;
        Run(live, "scale from zero", async token =>
        {
            try
            {
                await live.Gate.WaitAsync(token);
                try
                {
                    if (live.Slot is { } slot && slot.Model.Replicas == 0)
                    {
                        Log.Scaling(_logger, live.Name, 0, replicas, "a request arrived");
                        await ScaleAsync(live.Spec, slot, replicas, token);
                    }
                }
                finally
                {
                    live.Gate.Release();
                }
            }
            finally
            {
                live.DoneWaking();
            }
        });
    }

    /// <summary>Applies a committed update: a rolling swap when the version or runtime settings changed, else new limits only.</summary>
    public void Update(DeploymentRecord record)
    {
        if (!_live.TryGetValue(record.Name, out var live))
            return;
        var next = DeploymentSpec.From(record) with { Replicas = live.Spec.Replicas, MinReplicas = live.Spec.MinReplicas, MaxReplicas = live.Spec.MaxReplicas };
        if (!live.Spec.NeedsSwapFor(next) && live.Failure is null)
        {
            live.Spec = next;
            return;
        }

        live.Updating = true;
        Run(live, "update", async token =>
        {
            await live.Gate.WaitAsync(token);
            try
            {
                var slot = await LoadAsync(next, token);
                if (!slot.IsOk)
                {
                    Log.UpdateFailed(_logger, next.Name, next.Model, next.Version, slot.Error.Message);
                    if (live.Slot is null)
                        live.Failure = slot.Error.Message;
                    return;
                }

                // Warm before the swap: the old slot keeps answering until the new one is ready.
                await slot.Value.Model.ScaleAsync(Math.Max(1, live.TargetReplicas), token);
                var old = live.Slot;
                live.Slot = slot.Value;
                live.Spec = next;
                live.Failure = null;
                if (old is not null)
                {
                    await old.RetireAsync();
                    ForgetFileIfUnused(old.ModelPath);
                }

                await _spans.RecordAsync(next, slot.Value.Model.ReadyReplicas, slot.Value.ModelPath);

                Log.Swapped(_logger, next.Name, next.Model, next.Version);
            }
            finally
            {
                live.Updating = false;
                live.Gate.Release();
            }
        });
    }

    /// <summary>Applies a committed delete: no new requests, the ones inside answered, the model unloaded.</summary>
    public async Task DeleteAsync(string name)
    {
        if (!_live.TryRemove(name, out var live))
            return;
        await live.Gate.WaitAsync();
        try
        {
            if (live.Slot is { } slot)
            {
                await slot.RetireAsync();
                ForgetFileIfUnused(slot.ModelPath);
            }

            await _spans.RecordAsync(live.Spec, 0, null);
        }
        finally
        {
            live.Gate.Release();
        }
    }

    /// <summary>Scales a slot and records the replicas it then holds (also after a failed or cancelled scale).</summary>
    private async Task ScaleAsync(DeploymentSpec spec, DeploymentSlot slot, int replicas, CancellationToken cancellationToken)
    {
        try
        {
            await slot.Model.ScaleAsync(replicas, cancellationToken);
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
                await _spans.RecordAsync(spec, slot.Model.ReadyReplicas, slot.ModelPath);
        }
    }

    private async Task<Outcome<DeploymentSlot>> LoadAsync(DeploymentSpec spec, CancellationToken cancellationToken)
    {
        ModelVersionRecord? version;
        await using (var db = _store.CreateContext())
            version = await db.Set<ModelVersionRecord>().AsNoTracking().FirstOrDefaultAsync(v => v.Model == spec.Model && v.Version == spec.Version, cancellationToken);
        if (version is null)
            return GantryError.NotFound($"model {spec.Model}@{spec.Version} is no longer in the registry");
        if (ModelFiles.Servable(spec.Model, version) is { } refused)
            return refused;
        var path = await _files.MaterializeAsync(spec.Model, version, cancellationToken);
        if (!path.IsOk)
            return path.Error;
        try
        {
            var model = new ModelDeployment(spec.Name, spec.VersionText, path.Value, spec.Settings, _metrics, _time);
            return new DeploymentSlot(model, path.Value, model.Signature);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return GantryError.Unavailable($"ONNX Runtime could not load model {spec.Model}@{spec.Version}: {e.Message}");
        }
    }

    private void ForgetFileIfUnused(string path)
    {
        if (!_live.Values.Any(l => l.Slot?.ModelPath == path))
            _files.Forget(path);
    }

    /// <summary>Runs a change in the background; a failure is logged and shown on the deployment, never lost.</summary>
    private void Run(LiveDeployment live, string what, Func<CancellationToken, Task> work)
    {
        if (Volatile.Read(ref _stopped) == 1)
            return;
        var token = _stopping.Token;
        var task = Task.Run(async () =>
        {
            try
            {
                await work(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The server is stopping.
            }
            catch (Exception e)
            {
                Log.DeploymentChangeFailed(_logger, live.Name, what, e);
                live.Failure = $"{what} failed: {e.Message}";
            }
        }, CancellationToken.None);
        _background[task] = true;
        task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
