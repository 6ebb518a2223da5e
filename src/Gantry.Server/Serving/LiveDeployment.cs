namespace Gantry.Server.Serving;

/// <summary>
/// A deployment in this process: the spec it runs, its current slot (null while the first load runs), the replicas
/// asked for now, and what the autoscaler reads. Changes to one deployment run one at a time under <see cref="Gate"/>.
/// </summary>
internal sealed class LiveDeployment(DeploymentSpec spec, long nowTimestamp)
{
    private volatile DeploymentSpec _spec = spec;
    private volatile DeploymentSlot? _slot;
    private volatile string? _failure;
    private int _targetReplicas = spec.Replicas;
    private int _waking;
    private int _updating;
    private long _lastRequest = nowTimestamp;

    public string Name { get; } = spec.Name;

    public DeploymentSpec Spec
    {
        get => _spec;
        set => _spec = value;
    }

    public DeploymentSlot? Slot
    {
        get => _slot;
        set => _slot = value;
    }

    /// <summary>Why the deployment cannot serve (its model failed to load), or null.</summary>
    public string? Failure
    {
        get => _failure;
        set => _failure = value;
    }

    /// <summary>Replicas asked for now: the stored count at start, then scale requests and the autoscaler.</summary>
    public int TargetReplicas
    {
        get => Volatile.Read(ref _targetReplicas);
        set => Volatile.Write(ref _targetReplicas, value);
    }

    public bool Updating
    {
        get => Volatile.Read(ref _updating) == 1;
        set => Volatile.Write(ref _updating, value ? 1 : 0);
    }

    /// <summary>The TimeProvider timestamp of the newest request.</summary>
    public long LastRequest
    {
        get => Interlocked.Read(ref _lastRequest);
        set => Interlocked.Exchange(ref _lastRequest, value);
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public LatencyWindow Latency { get; } = new();

    public bool Ready => _slot?.Model.Ready == true;

    /// <summary>Claims the one scale-from-zero in flight; false when another request already started it.</summary>
    public bool TryStartWaking() => Interlocked.CompareExchange(ref _waking, 1, 0) == 0;

    public void DoneWaking() => Volatile.Write(ref _waking, 0);

    public string Status
    {
        get
        {
            if (_failure is not null)
                return "failed";
            if (Updating)
                return "updating";
            if (_slot is null)
                return "loading";
            if (_slot.Model.Ready)
                return "ready";
            return TargetReplicas == 0 ? "scaled_to_zero" : "loading";
        }
    }
}
