using Gantry.Storage.Data;

namespace Gantry.Server.Data;

/// <summary>A job's inputs and outputs as resolved at submission (versions pinned), to record for each of its tasks.</summary>
internal sealed record JobDataPlan(IReadOnlyList<JobDataRecord> Rows)
{
    /// <summary>The most sensitive class among the inputs (residency); null without inputs.</summary>
    public Core.Api.Data.DataClass? InputClass { get; init; }

    public static JobDataPlan Empty { get; } = new([]);
}
