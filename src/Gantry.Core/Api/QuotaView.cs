namespace Gantry.Core.Api;

/// <summary>
/// A project's quota: what it is guaranteed, the most it may hold when borrowing idle quota from its
/// cohort, and its fair-share weight. Memory as a quantity ("512Gi").
/// </summary>
public sealed record QuotaView(ResourceAmounts Guaranteed, ResourceAmounts? Limit, string? Cohort, double Weight);
