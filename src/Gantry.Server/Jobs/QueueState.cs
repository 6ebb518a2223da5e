using Gantry.Scheduling.Model;
using Gantry.Storage.Records;

namespace Gantry.Server.Jobs;

/// <summary>The last scheduling cycle's view of the queue: its plan and the queued jobs it considered.</summary>
internal sealed record QueueState(Plan Plan, IReadOnlyDictionary<long, JobRecord> Queued, DateTimeOffset At)
{
    public static QueueState Empty { get; } = new(
        new Plan(0, [], [], [], new PlanStats(0, 0, 0, 0, 0)),
        new Dictionary<long, JobRecord>(),
        DateTimeOffset.UnixEpoch);
}
