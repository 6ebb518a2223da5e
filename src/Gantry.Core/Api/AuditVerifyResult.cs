namespace Gantry.Core.Api;

/// <summary>The result of recomputing the audit chain; <see cref="FirstBadSeq"/> names the first broken entry.</summary>
public sealed record AuditVerifyResult(bool Ok, long Entries, long? FirstBadSeq, string? Problem);
