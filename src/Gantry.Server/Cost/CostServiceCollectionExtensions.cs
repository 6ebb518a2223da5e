using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Cost;

internal static class CostServiceCollectionExtensions
{
    /// <summary>Prices, cost reports, budgets and the budget monitor.</summary>
    public static IServiceCollection AddGantryCost(this IServiceCollection services)
    {
        services.AddOptions<CostOptions>().BindConfiguration("Cost").ValidateOnStart();
        services.AddSingleton<IValidateOptions<CostOptions>, CostOptionsValidator>();
        services.AddSingleton<PriceBook>();
        services.AddSingleton<ICostSource, JobCostSource>();
        services.AddSingleton<DeploymentCostSource>();
        services.AddSingleton<ICostSource>(sp => sp.GetRequiredService<DeploymentCostSource>());
        services.AddSingleton<IPredictionCounts>(sp => sp.GetRequiredService<DeploymentCostSource>());

        // The telemetry collector replaces this with per-job GPU utilisation (see IUtilizationSource).
        services.TryAddSingleton<IUtilizationSource, NoUtilization>();
        services.AddSingleton<CostService>();
        services.AddSingleton<BudgetGuard>();
        services.AddSingleton<BudgetService>();
        services.AddSingleton<CostMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CostMonitor>());
        return services;
    }
}
