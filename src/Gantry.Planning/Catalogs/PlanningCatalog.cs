using System.Reflection;
using Gantry.Core;

namespace Gantry.Planning.Catalogs;

/// <summary>
/// The hardware, model-architecture and price catalogs plus the sourced defaults the planner uses. Start from
/// <see cref="BuiltIn"/> and layer a user's YAML over it with <see cref="WithOverrides"/> (entries merge by name).
/// </summary>
public sealed class PlanningCatalog
{
    private static readonly Lazy<PlanningCatalog> BuiltInCatalog = new(LoadBuiltIn);

    internal PlanningCatalog(
        IReadOnlyList<GpuClass> classes,
        IReadOnlyList<GpuSpec> gpus,
        IReadOnlyList<ModelArchitecture> models,
        IReadOnlyList<CloudPrice> cloudPrices,
        IReadOnlyList<OnPremPrice> onPremPrices,
        IReadOnlyDictionary<string, SourcedValue> defaults)
    {
        Classes = classes;
        Gpus = gpus;
        Models = models;
        CloudPrices = cloudPrices;
        OnPremPrices = onPremPrices;
        Defaults = defaults;
    }

    /// <summary>The catalogs shipped inside this assembly (Catalogs/*.yaml).</summary>
    public static PlanningCatalog BuiltIn => BuiltInCatalog.Value;

    internal static PlanningCatalog Empty { get; } = new([], [], [], [], [], new Dictionary<string, SourcedValue>());

    public IReadOnlyList<GpuClass> Classes { get; }

    public IReadOnlyList<GpuSpec> Gpus { get; }

    public IReadOnlyList<ModelArchitecture> Models { get; }

    public IReadOnlyList<CloudPrice> CloudPrices { get; }

    public IReadOnlyList<OnPremPrice> OnPremPrices { get; }

    public IReadOnlyDictionary<string, SourcedValue> Defaults { get; }

    /// <summary>
    /// This catalog with a user's YAML layered on top: sections <c>classes</c>, <c>gpus</c>, <c>models</c>,
    /// <c>cloud</c>, <c>on_prem</c> and <c>defaults</c>, as in the built-in files. An entry whose name (or alias)
    /// exists replaces only the fields it gives; a new entry must give every required field.
    /// </summary>
    public Outcome<PlanningCatalog> WithOverrides(string yaml)
    {
        var doc = CatalogYaml.Parse(yaml);
        return doc.IsOk ? CatalogYaml.Merge(this, doc.Value) : doc.Error;
    }

    public Outcome<GpuSpec> FindGpu(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return GantryError.Invalid($"give a GPU type; the catalog knows {string.Join(", ", Gpus.Select(g => g.Name))}");
        var gpu = Gpus.FirstOrDefault(g => CatalogNames.Matches(g.Name, g.Aliases, name));
        return gpu is not null
            ? gpu
            : GantryError.Invalid($"unknown GPU '{name}'; the catalog knows {string.Join(", ", Gpus.Select(g => g.Name))}");
    }

    public Outcome<ModelArchitecture> FindModel(string name)
    {
        var model = Models.FirstOrDefault(m => CatalogNames.Matches(m.Name, m.Aliases, name));
        return model is not null
            ? model
            : GantryError.Invalid($"unknown model '{name}'; the catalog knows {string.Join(", ", Models.Select(m => m.Name))}");
    }

    public GpuClass ClassOf(GpuSpec gpu) =>
        Classes.First(c => CatalogNames.Normalize(c.Name) == CatalogNames.Normalize(gpu.Class));

    public IEnumerable<CloudPrice> CloudPricesFor(GpuSpec gpu) =>
        CloudPrices.Where(p => CatalogNames.Matches(gpu.Name, gpu.Aliases, p.Gpu));

    public IEnumerable<OnPremPrice> OnPremPricesFor(GpuSpec gpu) =>
        OnPremPrices.Where(p => CatalogNames.Matches(gpu.Name, gpu.Aliases, p.Gpu));

    public SourcedValue Default(string name) => Defaults[name];

    private static PlanningCatalog LoadBuiltIn()
    {
        var catalog = Empty;
        foreach (var file in new[] { "gpus.yaml", "models.yaml", "prices.yaml" })
        {
            var merged = catalog.WithOverrides(ReadResource(file));
            // The built-in files are part of the build: a broken one is a bug, not an expected failure.
            catalog = merged.IsOk ? merged.Value : throw new InvalidOperationException($"built-in {file}: {merged.Error.Message}");
        }

        return catalog;
    }

    private static string ReadResource(string file)
    {
        var name = "Gantry.Planning.Catalogs." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
