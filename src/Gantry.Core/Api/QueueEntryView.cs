namespace Gantry.Core.Api;

/// <summary>One waiting job in scheduler order, with the reason it waits and, when known, an estimated start.</summary>
public sealed record QueueEntryView(
    int Position,
    long JobId,
    string Name,
    string Project,
    string User,
    int Priority,
    ResourceView Resources,
    string Reason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? EstimatedStart);
