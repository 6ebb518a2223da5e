namespace Gantry.Server.Data;

/// <summary>
/// One residency rule (<c>Residency:Rules</c>): data of <see cref="Class"/> and of every more sensitive class may be
/// read only in pools of these locations (and regions, when listed).
/// </summary>
public sealed class ResidencyRule
{
    /// <summary>public, internal, confidential or restricted. <value>The default value is "restricted".</value></summary>
    public string Class { get; set; } = "restricted";

    /// <summary>"on-prem" and/or "cloud". <value>The default value is an empty list: any location.</value></summary>
    public IList<string> Locations { get; set; } = [];

    /// <summary>Pool regions (<c>Pools:&lt;name&gt;:Region</c>). <value>The default value is an empty list: any region.</value></summary>
    public IList<string> Regions { get; set; } = [];
}
