namespace Gantry.Serving;

/// <summary>
/// How one deployment runs its model. <see cref="MaxBatchRows"/> 1 turns batching off. A request waits at
/// most <see cref="MaxDelay"/> for others to share its batch. The queue holds at most
/// <see cref="MaxQueueRows"/> rows; beyond that requests are refused (429). Requests without a deadline
/// get <see cref="DefaultDeadline"/>. Thread counts of 0 leave ONNX Runtime's own choice.
/// </summary>
public sealed record DeploymentSettings(
    int MaxBatchRows,
    TimeSpan MaxDelay,
    int MaxQueueRows,
    TimeSpan DefaultDeadline,
    string Device,
    int IntraOpThreads,
    int InterOpThreads)
{
    public static DeploymentSettings Default { get; } = new(
        MaxBatchRows: 64,
        MaxDelay: TimeSpan.FromMilliseconds(2),
        MaxQueueRows: 4096,
        DefaultDeadline: TimeSpan.FromSeconds(30),
        Device: "cpu",
        IntraOpThreads: 0,
        InterOpThreads: 1);
}
