using Gantry.Planning;
using Gantry.Server.Hosting;

namespace Gantry.Server.Planning;

/// <summary>Builds the server's one <see cref="Planner"/> from the built-in catalogs and <see cref="PlanningOptions.CatalogPath"/>.</summary>
internal static class PlannerFactory
{
    public static Planner Create(PlanningOptions options, ServerPaths paths)
    {
        var catalog = PlanningCatalogFile.Load(options.CatalogPath, paths.DataDir);

        // Configuration is wrong, not a request: refuse to start rather than plan with prices nobody chose.
        return catalog.IsOk
            ? new Planner(catalog.Value)
            : throw new InvalidOperationException($"invalid Planning:CatalogPath: {catalog.Error.Message}");
    }
}
