namespace Gantry.Server.Data;

/// <summary>Data residency, bound from the "Residency" configuration section.</summary>
public sealed class ResidencyOptions
{
    /// <summary>
    /// The rules. <value>The default value is an empty list, which means one rule: restricted data only on-premises
    /// (public, internal and confidential data may be read in any pool).</value>
    /// </summary>
    public IList<ResidencyRule> Rules { get; set; } = [];
}
