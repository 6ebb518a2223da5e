namespace Gantry.Core.Api.Cost;

/// <summary>A price in USD per resource-hour and where it comes from (configuration, the catalog, or a derivation).</summary>
public sealed record RateView(double UsdPerHour, string Source);
