using Gantry.Serving;

namespace Gantry.Server.Serving;

/// <summary>
/// One loaded <see cref="ModelDeployment"/> and the requests inside it. A rolling swap retires the old slot: it takes
/// no new requests, and is disposed only when the ones it holds have been answered.
/// </summary>
internal sealed class DeploymentSlot(ModelDeployment model, string modelPath, Gantry.Serving.ModelSignature signature)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;
    private int _retiring;

    public ModelDeployment Model { get; } = model;

    public string ModelPath { get; } = modelPath;

    public Gantry.Serving.ModelSignature Signature { get; } = signature;

    /// <summary>Counts a request in; false when the slot is retiring (the caller takes the deployment's new slot).</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _retiring) == 0)
            return true;
        Exit();
        return false;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0 && Volatile.Read(ref _retiring) == 1)
            _drained.TrySetResult();
    }

    /// <summary>Stops new requests, waits for the ones inside, then unloads the model.</summary>
    public async Task RetireAsync()
    {
        if (Interlocked.Exchange(ref _retiring, 1) == 1)
        {
            await _drained.Task;
            return;
        }

        if (Volatile.Read(ref _active) == 0)
            _drained.TrySetResult();
        await _drained.Task;
        await Model.DisposeAsync();
    }
}
