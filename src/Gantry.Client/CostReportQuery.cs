namespace Gantry.Client;

/// <summary>What a cost report covers; every field is optional.</summary>
public sealed record CostReportQuery
{
    /// <summary>project (default), user, job, pool or deployment.</summary>
    public string? By { get; init; }

    /// <summary>An ISO-8601 time, a duration ago ("30d", the default), or "month".</summary>
    public string? Since { get; init; }

    /// <summary>An ISO-8601 time or a duration ago; now when null.</summary>
    public string? Until { get; init; }

    /// <summary>Only this project.</summary>
    public string? Project { get; init; }
}
