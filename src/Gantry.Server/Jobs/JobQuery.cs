using Gantry.Core.Jobs;

namespace Gantry.Server.Jobs;

/// <summary>Filters of <c>GET /api/v1/jobs</c>; <see cref="Cursor"/> is the id the next page starts below.</summary>
internal sealed record JobQuery(string? Project, JobState? State, string? User, string? Name, long? ArrayId, int Limit, long? Cursor);
