namespace Gantry.Planning.Cost;

/// <summary>How a pool's hardware is paid for: owned (priced from its total cost of ownership) or rented by the hour.</summary>
public enum PricingKind
{
    OnPrem,
    Cloud,
}
