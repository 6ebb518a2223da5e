using Gantry.Core.Jobs;

namespace Gantry.Core.Api.Data;

/// <summary>A job as lineage names it: which job produced or read a version. Only the id is shown of a job the caller may not see.</summary>
public sealed record JobRef(long Id, string? Name = null, string? User = null, JobState? State = null);
