using Gantry.Core;
using Gantry.Execution.Local;
using Gantry.Scheduling;
using Gantry.Server.Accounts;
using Gantry.Server.Auth;
using Gantry.Server.Cluster;
using Gantry.Server.Cost;
using Gantry.Server.Data;
using Gantry.Server.Jobs;
using Gantry.Server.Leadership;
using Gantry.Server.Monitoring;
using Gantry.Server.Planning;
using Gantry.Server.Serving;
using Gantry.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Hosting;

internal static class ServiceRegistration
{
    public static IServiceCollection AddGantry(this IServiceCollection services, ServerPaths paths)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(paths);
        services.AddOptions<ServerOptions>().BindConfiguration("Server");
        services.AddOptions<JobOptions>().BindConfiguration("Jobs");
        services.AddOptions<LocalExecutorOptions>().BindConfiguration("Local");
        services.AddOptions<PlanningOptions>().BindConfiguration("Planning");

        services.AddOptions<MetadataOptions>().BindConfiguration("Metadata");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MetadataOptions>>().Value.CreateStore(paths));
        services.AddSingleton<LeaderElection>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderElection>());
        services.AddSingleton(sp => new MetadataWriter(sp.GetRequiredService<MetadataStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MetadataWriter>>()));
        services.AddSingleton<CallerCache>();
        services.AddSingleton<JobEvents>();
        services.AddSingleton<ClusterInventory>();
        services.AddOptions<Dictionary<string, PoolOptions>>().BindConfiguration("Pools");
        services.AddSingleton<PoolRegistry>();
        services.AddOptions<BurstOptions>().BindConfiguration("Scheduler");
        services.AddSingleton<HybridPools>();
        services.AddSingleton<BurstPricing>();
        services.AddSingleton(sp => new LocalExecutor(
            sp.GetRequiredService<IOptions<LocalExecutorOptions>>().Value,
            sp.GetRequiredService<ILogger<LocalExecutor>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<SchedulerOptions>().BindConfiguration("Scheduler");
        services.AddSingleton(sp => new GantryScheduler(sp.GetRequiredService<IOptions<SchedulerOptions>>().Value));
        services.AddSingleton<SnapshotFactory>();
        services.AddSingleton<JobSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<JobSupervisor>());
        services.AddSingleton<JobService>();
        services.AddSingleton<QueueService>();
        services.AddSingleton<AccountService>();
        services.AddGantryData();
        services.AddSingleton<TokenService>();
        services.AddGantryMonitoring();
        services.AddGantryCost();
        services.AddSingleton(sp => PlannerFactory.Create(sp.GetRequiredService<IOptions<PlanningOptions>>().Value, paths));
        services.AddSingleton<AllocationHistoryService>();
        services.AddGantryServing();

        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(GantryPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(BearerAuthenticationHandler.AdminClaim, "true"));

        // No cookies or anti-forgery: keys need not outlive the process (and are not written to $HOME).
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            var gantry = GantryJson.Options;
            o.SerializerOptions.PropertyNamingPolicy = gantry.PropertyNamingPolicy;
            o.SerializerOptions.DefaultIgnoreCondition = gantry.DefaultIgnoreCondition;
            foreach (var converter in gantry.Converters)
                o.SerializerOptions.Converters.Add(converter);
        });
        return services;
    }
}
