using Gantry.Scheduling.Model;
using Gantry.Storage.Records;

namespace Gantry.Server.Jobs;

/// <summary>The last scheduling cycle's view of the queue: its plan and the queued jobs it considered.</summary>
internal sealed record QueueState(Plan Plan, IReadOnlyDictionary<long, JobRecord> Queued, DateTimeOffset At)
{
    private Dictionary<long, PendingExplanation>? _byJob;

    /// <summary>The scheduler's explanation for a waiting job (indexed once, not scanned per lookup).</summary>
    public PendingExplanation? Explain(long jobId)
    {
        _byJob ??= Plan.Pending.ToDictionary(p => p.JobId);
        return _byJob.GetValueOrDefault(jobId);
    }

    public static QueueState Empty { get; } = new(
        new Plan(0, [], [], [], new PlanStats(0, 0, 0, 0, 0)),
        new Dictionary<long, JobRecord>(),
        DateTimeOffset.UnixEpoch);
}
