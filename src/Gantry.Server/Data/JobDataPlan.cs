using Gantry.Storage.Data;

namespace Gantry.Server.Data;

/// <summary>A job's inputs and outputs as resolved at submission (versions pinned), to record for each of its tasks.</summary>
internal sealed record JobDataPlan(IReadOnlyList<JobDataRecord> Rows)
{
    public static JobDataPlan Empty { get; } = new([]);
}
