namespace Gantry.Server.Planning;

/// <summary>The planner's settings. Bound from the "Planning" configuration section.</summary>
public sealed class PlanningOptions
{
    /// <summary>
    /// A catalog YAML (GPUs, models, prices, defaults) layered over the built-in catalogs, read once at start-up;
    /// a relative path starts at the data directory. A file that cannot be read or merged stops the server.
    /// <value>The default value is null: the built-in catalogs only.</value>
    /// </summary>
    public string? CatalogPath { get; set; }
}
