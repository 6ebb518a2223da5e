using Gantry.Core.Jobs;

namespace Gantry.Client;

/// <summary>Filters for listing jobs; every one is optional. Results come newest first.</summary>
public sealed record JobQuery
{
    public string? Project { get; init; }

    public JobState? State { get; init; }

    public string? User { get; init; }

    public string? Name { get; init; }

    public long? ArrayId { get; init; }

    /// <summary>Page size; the server caps it.</summary>
    public int? Limit { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }
}
