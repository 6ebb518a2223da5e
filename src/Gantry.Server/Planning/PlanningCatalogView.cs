using Gantry.Planning.Catalogs;

namespace Gantry.Server.Planning;

/// <summary>What <c>GET /api/v1/plans/catalog</c> returns: every GPU, model, price and default the server's planner uses, with sources and dates.</summary>
internal sealed record PlanningCatalogView(
    IReadOnlyList<GpuSpec> Gpus,
    IReadOnlyList<GpuClass> Classes,
    IReadOnlyList<ModelArchitecture> Models,
    IReadOnlyList<CloudPrice> Cloud,
    IReadOnlyList<OnPremPrice> OnPrem,
    IReadOnlyDictionary<string, SourcedValue> Defaults)
{
    public static PlanningCatalogView From(PlanningCatalog catalog) =>
        new(catalog.Gpus, catalog.Classes, catalog.Models, catalog.CloudPrices, catalog.OnPremPrices, catalog.Defaults);
}
