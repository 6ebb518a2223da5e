using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

internal static class ServingRegistration
{
    /// <summary>Deployments, the OIP endpoints' handler, rate limits, metrics and the autoscaler.</summary>
    public static IServiceCollection AddGantryServing(this IServiceCollection services)
    {
        services.AddOptions<ServingOptions>().BindConfiguration("Serving");
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<ModelFiles>();
        services.AddSingleton<DeploymentSpans>();
        services.AddSingleton<ServingUsage>();
        services.AddSingleton<DeploymentStats>();
        services.AddSingleton<TokenRateLimiter>();
        services.AddSingleton<DeploymentManager>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentManager>());
        services.AddSingleton<DeploymentService>();
        services.AddSingleton<InferenceHandler>();
        services.AddSingleton<ServingAutoscaler>();
        services.AddHostedService(sp => sp.GetRequiredService<ServingAutoscaler>());
        services.AddHostedService<ServingUsageLoop>();
        services.AddHostedService<DeploymentSync>();
        return services;
    }

    /// <summary>Refuses to start with invalid Serving settings, naming each problem.</summary>
    public static void ValidateServing(this IServiceProvider services)
    {
        var problems = services.GetRequiredService<IOptions<ServingOptions>>().Value.Validate();
        if (problems.Count > 0)
            throw new InvalidOperationException("invalid Serving configuration: " + string.Join(" ", problems));
    }
}
