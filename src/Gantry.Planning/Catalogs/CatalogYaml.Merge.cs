using Gantry.Core;

namespace Gantry.Planning.Catalogs;

internal static partial class CatalogYaml
{
    /// <summary>Layers <paramref name="doc"/> over <paramref name="current"/>: same name or alias replaces the fields given, a new name adds an entry.</summary>
    public static Outcome<PlanningCatalog> Merge(PlanningCatalog current, CatalogDocument doc)
    {
        var classes = MergeList(current.Classes, doc.Classes, d => d.Name, c => c.Name, _ => [], BuildClass, "class");
        if (!classes.IsOk)
            return classes.Error;
        var gpus = MergeList(current.Gpus, doc.Gpus, d => d.Name, g => g.Name, g => g.Aliases, BuildGpu, "GPU");
        if (!gpus.IsOk)
            return gpus.Error;
        var models = MergeList(current.Models, doc.Models, d => d.Name, m => m.Name, m => m.Aliases, BuildModel, "model");
        if (!models.IsOk)
            return models.Error;
        var cloud = MergeList(current.CloudPrices, doc.Cloud, d => d.Name, p => p.Name, _ => [], BuildCloud, "cloud price");
        if (!cloud.IsOk)
            return cloud.Error;
        var onPrem = MergeList(current.OnPremPrices, doc.OnPrem, d => d.Name, p => p.Name, _ => [], BuildOnPrem, "on-premises price");
        if (!onPrem.IsOk)
            return onPrem.Error;
        var defaults = MergeDefaults(current.Defaults, doc.Defaults);
        if (!defaults.IsOk)
            return defaults.Error;

        var catalog = new PlanningCatalog(classes.Value, gpus.Value, models.Value, cloud.Value, onPrem.Value, defaults.Value);
        var problem = CatalogValidator.Check(catalog);
        return problem is null ? catalog : problem;
    }

    private static Outcome<List<T>> MergeList<TDoc, T>(
        IReadOnlyList<T> current,
        List<TDoc>? docs,
        Func<TDoc, string?> docName,
        Func<T, string> name,
        Func<T, IEnumerable<string>> aliases,
        Func<TDoc, T?, string, Outcome<T>> build,
        string what)
        where T : class
    {
        var list = current.ToList();
        foreach (var doc in docs ?? [])
        {
            var wanted = docName(doc);
            if (string.IsNullOrWhiteSpace(wanted))
                return GantryError.Invalid($"a {what} entry has no name");
            var i = list.FindIndex(x => CatalogNames.Matches(name(x), aliases(x), wanted));
            var built = build(doc, i >= 0 ? list[i] : null, wanted.Trim());
            if (!built.IsOk)
                return built.Error;
            if (i >= 0)
                list[i] = built.Value;
            else
                list.Add(built.Value);
        }

        return list;
    }

    private static Outcome<GpuClass> BuildClass(ClassDocument d, GpuClass? e, string name)
    {
        var missing = new List<string>();
        var built = new GpuClass(
            e?.Name ?? name,
            Pick(d.DefaultMfu, e?.DefaultMfu, "default_mfu", missing),
            d.Calibrated ?? e?.Calibrated ?? false,
            d.Source ?? e?.Source ?? "user catalog");
        return Done(built, "class", name, missing);
    }

    private static Outcome<GpuSpec> BuildGpu(GpuDocument d, GpuSpec? e, string name)
    {
        var missing = new List<string>();
        var bf16 = Pick(d.Bf16Tflops, e?.Bf16Tflops, "bf16_tflops", missing);
        var built = new GpuSpec
        {
            Name = e?.Name ?? name,
            Aliases = d.Aliases ?? e?.Aliases ?? [],
            Vendor = d.Vendor ?? e?.Vendor ?? "unknown",
            Class = Pick(d.Class, e?.Class, "class", missing),
            Bf16Tflops = bf16,
            Fp16Tflops = d.Fp16Tflops ?? e?.Fp16Tflops ?? bf16,
            Fp8Tflops = d.Fp8Tflops ?? e?.Fp8Tflops,
            MemoryGb = Pick(d.MemoryGb, e?.MemoryGb, "memory_gb", missing),
            BandwidthTbps = Pick(d.BandwidthTbps, e?.BandwidthTbps, "bandwidth_tbps", missing),
            TdpW = Pick(d.TdpW, e?.TdpW, "tdp_w", missing),
            Interconnect = Pick(d.Interconnect, e?.Interconnect, "interconnect", missing),
            InterconnectGbps = Pick(d.InterconnectGbps, e?.InterconnectGbps, "interconnect_gbps", missing),
            Source = d.Source ?? e?.Source ?? "user catalog",
        };
        return Done(built, "GPU", name, missing);
    }

    private static Outcome<ModelArchitecture> BuildModel(ModelDocument d, ModelArchitecture? e, string name)
    {
        var missing = new List<string>();
        var hidden = Pick(d.Hidden, e?.Hidden, "hidden", missing);
        var heads = Pick(d.Heads, e?.Heads, "heads", missing);
        var context = Pick(d.Context, e?.Context, "context", missing);
        int? headDim = d.HeadDim ?? (d.Hidden is not null || d.Heads is not null ? null : e?.HeadDim);
        if (headDim is null && heads > 0 && hidden % heads != 0)
            missing.Add("head_dim (hidden is not a multiple of heads)");
        var built = new ModelArchitecture
        {
            Name = e?.Name ?? name,
            Aliases = d.Aliases ?? e?.Aliases ?? [],
            Family = d.Family ?? e?.Family ?? "",
            Params = Pick(d.Params, e?.Params, "params", missing),
            ActiveParams = d.ActiveParams ?? e?.ActiveParams,
            Layers = Pick(d.Layers, e?.Layers, "layers", missing),
            Hidden = hidden,
            Heads = heads,
            KvHeads = d.KvHeads ?? (d.Heads is not null ? heads : e?.KvHeads ?? heads),
            HeadDim = headDim ?? (heads > 0 ? hidden / heads : 0),
            Vocab = Pick(d.Vocab, e?.Vocab, "vocab", missing),
            Ffn = Pick(d.Ffn, e?.Ffn, "ffn", missing),
            GatedMlp = d.GatedMlp ?? e?.GatedMlp ?? false,
            Experts = d.Experts ?? e?.Experts ?? 1,
            ExpertsPerToken = d.ExpertsPerToken ?? e?.ExpertsPerToken ?? 1,
            Context = context,
            TrainSeqLen = d.TrainSeqLen ?? (d.Context is not null ? context : e?.TrainSeqLen ?? context),
            SlidingWindow = d.SlidingWindow ?? e?.SlidingWindow,
            TiedEmbeddings = d.TiedEmbeddings ?? e?.TiedEmbeddings ?? false,
            Source = d.Source ?? e?.Source ?? "user catalog",
        };
        return Done(built, "model", name, missing);
    }

    private static Outcome<CloudPrice> BuildCloud(CloudDocument d, CloudPrice? e, string name)
    {
        var missing = new List<string>();
        var built = new CloudPrice
        {
            Name = e?.Name ?? name,
            Provider = d.Provider ?? e?.Provider ?? "custom",
            Instance = d.Instance ?? e?.Instance ?? name,
            Region = d.Region ?? e?.Region,
            Gpu = Pick(d.Gpu, e?.Gpu, "gpu", missing),
            GpusPerInstance = d.GpusPerInstance ?? e?.GpusPerInstance ?? 1,
            OnDemandUsdPerGpuHour = Pick(d.OnDemandUsdPerGpuHour, e?.OnDemandUsdPerGpuHour, "on_demand_usd_per_gpu_hour", missing),
            SpotUsdPerGpuHour = d.SpotUsdPerGpuHour ?? e?.SpotUsdPerGpuHour,
            ReservedUsdPerGpuHour = d.ReservedUsdPerGpuHour ?? e?.ReservedUsdPerGpuHour,
            Read = Pick(d.Read, e?.Read, "read (when the price was read)", missing),
            Source = d.Source ?? e?.Source ?? "user catalog",
        };
        return Done(built, "cloud price", name, missing);
    }

    private static Outcome<OnPremPrice> BuildOnPrem(OnPremDocument d, OnPremPrice? e, string name)
    {
        var missing = new List<string>();
        var built = new OnPremPrice
        {
            Name = e?.Name ?? name,
            Gpu = Pick(d.Gpu, e?.Gpu, "gpu", missing),
            GpusPerServer = Pick(d.GpusPerServer, e?.GpusPerServer, "gpus_per_server", missing),
            ServerUsd = Pick(d.ServerUsd, e?.ServerUsd, "server_usd", missing),
            ServerPowerKw = d.ServerPowerKw ?? e?.ServerPowerKw,
            Year = d.Year ?? e?.Year,
            Source = d.Source ?? e?.Source ?? "user catalog",
        };
        return Done(built, "on-premises price", name, missing);
    }

    private static Outcome<IReadOnlyDictionary<string, SourcedValue>> MergeDefaults(
        IReadOnlyDictionary<string, SourcedValue> current, Dictionary<string, DefaultDocument>? docs)
    {
        var merged = new Dictionary<string, SourcedValue>(current, StringComparer.Ordinal);
        foreach (var (rawName, doc) in docs ?? [])
        {
            var name = CatalogNames.Normalize(rawName).Replace('-', '_');
            if (!DefaultNames.All.Contains(name))
                return GantryError.Invalid($"unknown default '{rawName}'; the catalog knows {string.Join(", ", DefaultNames.All)}");
            current.TryGetValue(name, out var existing);
            var value = doc?.Value ?? existing?.Value;
            if (value is null)
                return GantryError.Invalid($"default '{rawName}' needs a value");
            var source = doc?.Source ?? (doc?.Value is null ? existing?.Source : null) ?? "user catalog";
            merged[name] = new SourcedValue(value.Value, source);
        }

        return merged;
    }

    private static T Pick<T>(T? given, T? existing, string field, List<string> missing)
        where T : struct
    {
        var value = given ?? existing;
        if (value is null)
            missing.Add(field);
        return value ?? default;
    }

    private static string Pick(string? given, string? existing, string field, List<string> missing)
    {
        var value = given ?? existing;
        if (string.IsNullOrWhiteSpace(value))
            missing.Add(field);
        return value ?? "";
    }

    private static Outcome<T> Done<T>(T built, string what, string name, List<string> missing) =>
        missing.Count == 0
            ? built
            : GantryError.Invalid($"{what} '{name}' lacks {string.Join(", ", missing)}");
}
