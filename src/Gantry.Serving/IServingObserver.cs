namespace Gantry.Serving;

/// <summary>Told what the runtime does, for metrics. Called on the batching threads: keep it cheap.</summary>
public interface IServingObserver
{
    /// <summary>A request left the queue: computed in a batch, or dropped because its deadline passed.</summary>
    void OnDequeued(ModelDeployment deployment, TimeSpan queueWait, bool expired);

    /// <summary>One batch ran on one replica.</summary>
    void OnBatch(ModelDeployment deployment, int rows, int requests, TimeSpan compute);
}
