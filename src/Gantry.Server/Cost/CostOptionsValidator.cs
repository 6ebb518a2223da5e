using Gantry.Planning.Catalogs;
using Gantry.Planning.Cost;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Cost;

/// <summary>Refuses to start with prices that make no sense: negative rates, a PUE below 1, an offer the catalog lacks.</summary>
internal sealed class CostOptionsValidator : IValidateOptions<CostOptions>
{
    public ValidateOptionsResult Validate(string? name, CostOptions options)
    {
        var problems = new List<string>();
        if (options.CheckInterval <= TimeSpan.Zero)
            problems.Add("Cost:CheckInterval must be positive");
        foreach (var (pool, p) in options.Pools)
        {
            var at = $"Cost:Pools:{pool}";
            if (ParseKind(p.Kind) is null)
                problems.Add($"{at}:Kind '{p.Kind}' is neither on_prem nor cloud");
            NonNegative(problems, $"{at}:GpuUsdPerHour", p.GpuUsdPerHour);
            NonNegative(problems, $"{at}:CpuUsdPerHour", p.CpuUsdPerHour);
            NonNegative(problems, $"{at}:MemoryUsdPerGibHour", p.MemoryUsdPerGibHour);
            NonNegative(problems, $"{at}:ServerUsd", p.ServerUsd);
            NonNegative(problems, $"{at}:ServerPowerKw", p.ServerPowerKw);
            NonNegative(problems, $"{at}:ElectricityUsdPerKwh", p.ElectricityUsdPerKwh);
            foreach (var (model, price) in p.Gpus)
                NonNegative(problems, $"{at}:Gpus:{model}", price);
            if (p.AmortizationYears is <= 0)
                problems.Add($"{at}:AmortizationYears must be positive");
            if (p.Pue is < 1)
                problems.Add($"{at}:Pue must be at least 1");
            Fraction(problems, $"{at}:OperationsFractionPerYear", p.OperationsFractionPerYear);
            Fraction(problems, $"{at}:NetworkStorageCapexFraction", p.NetworkStorageCapexFraction);
            Fraction(problems, $"{at}:IdlePowerFraction", p.IdlePowerFraction);
            Fraction(problems, $"{at}:Utilization", p.Utilization);
            if (p.Provider is { } provider && !PlanningCatalog.BuiltIn.CloudPrices.Any(c => string.Equals(c.Provider, provider, StringComparison.OrdinalIgnoreCase)))
                problems.Add($"{at}:Provider '{provider}' has no offers in the price catalog; it knows {string.Join(", ", PlanningCatalog.BuiltIn.CloudPrices.Select(c => c.Provider).Distinct())}");
            if (p.GpuOffer is { } offer && !PlanningCatalog.BuiltIn.CloudPrices.Any(c => string.Equals(c.Name, offer, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{at}:GpuOffer '{offer}' is not in the price catalog; it knows {string.Join(", ", PlanningCatalog.BuiltIn.CloudPrices.Select(c => c.Name))}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static PricingKind? ParseKind(string? kind) => kind?.Trim().ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal) switch
    {
        "on_prem" or "onprem" or "on_premises" => PricingKind.OnPrem,
        "cloud" => PricingKind.Cloud,
        _ => null,
    };

    private static void NonNegative(List<string> problems, string key, double? value)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0))
            problems.Add($"{key} must be a non-negative number");
    }

    private static void Fraction(List<string> problems, string key, double? value)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0 || v > 1))
            problems.Add($"{key} must be between 0 and 1");
    }
}
