namespace Gantry.Core.Api;

public sealed record AuditEntryView(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Target,
    string Outcome,
    string? Detail,
    string Hash);
