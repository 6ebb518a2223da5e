namespace Gantry.Core.Api;

/// <summary>Sets a project's quota; every field replaces the previous value (omitted = no guarantee / no limit / no cohort / weight 1).</summary>
public sealed record SetQuotaRequest(ResourceAmounts? Guaranteed = null, ResourceAmounts? Limit = null, string? Cohort = null, double? Weight = null);
