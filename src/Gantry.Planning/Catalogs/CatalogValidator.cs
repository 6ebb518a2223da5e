using Gantry.Core;

namespace Gantry.Planning.Catalogs;

/// <summary>Checks a merged catalog hangs together: positive figures, known classes, prices for known GPUs.</summary>
internal static class CatalogValidator
{
    public static GantryError? Check(PlanningCatalog catalog) =>
        catalog.Classes.Select(CheckClass)
            .Concat(catalog.Gpus.Select(g => CheckGpu(catalog, g)))
            .Concat(catalog.Models.Select(CheckModel))
            .Concat(catalog.CloudPrices.Select(p => CheckCloud(catalog, p)))
            .Concat(catalog.OnPremPrices.Select(p => CheckOnPrem(catalog, p)))
            .Concat(catalog.Defaults.Select(d => CheckDefault(d.Key, d.Value.Value)))
            .FirstOrDefault(e => e is not null);

    private static GantryError? CheckClass(GpuClass c) =>
        c.DefaultMfu is > 0 and <= 1 ? null : Bad($"class '{c.Name}': default_mfu must be between 0 and 1");

    private static GantryError? CheckGpu(PlanningCatalog catalog, GpuSpec g)
    {
        if (!catalog.Classes.Any(c => CatalogNames.Normalize(c.Name) == CatalogNames.Normalize(g.Class)))
            return Bad($"GPU '{g.Name}': unknown class '{g.Class}'; the catalog knows {string.Join(", ", catalog.Classes.Select(c => c.Name))}");
        if (g.Bf16Tflops <= 0 || g.Fp16Tflops <= 0 || g.Fp8Tflops <= 0)
            return Bad($"GPU '{g.Name}': TFLOP/s figures must be positive");
        if (g.MemoryGb <= 0 || g.BandwidthTbps <= 0 || g.TdpW <= 0 || g.InterconnectGbps <= 0)
            return Bad($"GPU '{g.Name}': memory_gb, bandwidth_tbps, tdp_w and interconnect_gbps must be positive");
        return null;
    }

    private static GantryError? CheckModel(ModelArchitecture m)
    {
        if (m.Params <= 0 || m.ActiveParams <= 0 || m.ActiveParams > m.Params)
            return Bad($"model '{m.Name}': params must be positive and active_params between 0 and params");
        if (m.Layers <= 0 || m.Hidden <= 0 || m.Heads <= 0 || m.KvHeads <= 0 || m.HeadDim <= 0
            || m.Vocab <= 0 || m.Ffn <= 0 || m.Context <= 0 || m.TrainSeqLen <= 0 || m.SlidingWindow <= 0)
            return Bad($"model '{m.Name}': layers, hidden, heads, kv_heads, head_dim, vocab, ffn and context must be positive");
        if (m.Heads % m.KvHeads != 0)
            return Bad($"model '{m.Name}': heads ({m.Heads}) must be a multiple of kv_heads ({m.KvHeads})");
        if (m.Experts < 1 || m.ExpertsPerToken < 1 || m.ExpertsPerToken > m.Experts)
            return Bad($"model '{m.Name}': experts_per_token must be between 1 and experts");
        return null;
    }

    private static GantryError? CheckCloud(PlanningCatalog catalog, CloudPrice p)
    {
        if (!catalog.FindGpu(p.Gpu).IsOk)
            return Bad($"cloud price '{p.Name}': unknown GPU '{p.Gpu}'");
        if (p.OnDemandUsdPerGpuHour <= 0 || p.SpotUsdPerGpuHour <= 0 || p.ReservedUsdPerGpuHour <= 0 || p.GpusPerInstance < 1)
            return Bad($"cloud price '{p.Name}': prices and gpus_per_instance must be positive");
        return null;
    }

    private static GantryError? CheckOnPrem(PlanningCatalog catalog, OnPremPrice p)
    {
        if (!catalog.FindGpu(p.Gpu).IsOk)
            return Bad($"on-premises price '{p.Name}': unknown GPU '{p.Gpu}'");
        if (p.ServerUsd <= 0 || p.GpusPerServer < 1 || p.ServerPowerKw <= 0)
            return Bad($"on-premises price '{p.Name}': server_usd, gpus_per_server and server_power_kw must be positive");
        return null;
    }

    private static GantryError? CheckDefault(string name, double value)
    {
        var ok = name switch
        {
            DefaultNames.Pue => value >= 1,
            DefaultNames.UsableMemoryFraction or DefaultNames.OnPremUtilization or DefaultNames.OwnedMaxUtilization => value is > 0 and <= 1,
            DefaultNames.IdlePowerFraction or DefaultNames.ReservedDiscount => value is >= 0 and < 1,
            DefaultNames.AmortizationYears or DefaultNames.GlobalBatchTokens or DefaultNames.InterNodeGbpsPerGpu
                or DefaultNames.HostPowerFactor or DefaultNames.ElectricityUsdPerKwh or DefaultNames.RawTextBytesPerToken => value > 0,
            _ => value >= 0,
        };
        return ok ? null : Bad($"default '{name}' has an impossible value {value}");
    }

    private static GantryError Bad(string message) => GantryError.Invalid(message);
}
