namespace Gantry.Planning.Cost;

/// <summary>USD per resource-hour with the sentence that says where it comes from.</summary>
public sealed record PricedRate(double UsdPerHour, string Source)
{
    public static PricedRate Zero(string source) => new(0, source);
}
