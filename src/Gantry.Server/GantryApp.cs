using Gantry.Core;
using Gantry.Execution;
using Gantry.Execution.Local;
using Gantry.Server.Accounts;
using Gantry.Server.Api;
using Gantry.Server.Auth;
using Gantry.Server.Cluster;
using Gantry.Server.Cost;
using Gantry.Server.Data;
using Gantry.Server.Hosting;
using Gantry.Server.Jobs;
using Gantry.Server.Monitoring;
using Gantry.Server.Serving;
using Gantry.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Gantry.Server;

/// <summary>
/// A running Gantry server: metadata opened, jobs reconciled, HTTP listening. Tests start one on
/// port 0 in-process; <c>gantry server</c> starts one and waits for shutdown.
/// </summary>
public sealed class GantryApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MetadataWriter _writer;

    private GantryApp(WebApplication app, MetadataWriter writer, string address, string? bootstrapToken, string dataDir)
    {
        _app = app;
        _writer = writer;
        Address = address;
        BootstrapToken = bootstrapToken;
        DataDir = dataDir;
    }

    /// <summary>The base address clients use, e.g. http://127.0.0.1:8080.</summary>
    public string Address { get; }

    /// <summary>The admin token when this start created it (the first start), else null.</summary>
    public string? BootstrapToken { get; }

    public string DataDir { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="overrides">Configuration keys that win over gantry.yaml and the environment (tests use them).</param>
    public static async Task<GantryApp> StartAsync(ServerSettings settings, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        var dataDir = Path.GetFullPath(settings.DataDir);
        Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var paths = new ServerPaths(dataDir);
        Directory.CreateDirectory(paths.JobsDir);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDir });
        if (settings.ConfigPath is not null)
            builder.Configuration.AddInMemoryCollection(YamlConfiguration.Load(settings.ConfigPath));
        builder.Configuration.AddEnvironmentVariables("GANTRY_");
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);
        builder.WebHost.UseUrls(ListenUrl(settings.Listen));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue<long?>("Server:MaxRequestBytes") ?? new ServerOptions().MaxRequestBytes);
        builder.Services.AddGantry(paths);

        var app = builder.Build();
        var writer = app.Services.GetRequiredService<MetadataWriter>();
        try
        {
            var store = app.Services.GetRequiredService<MetadataStore>();
            await store.InitializeAsync(cancellationToken);
            await writer.StartAsync(cancellationToken);
            await app.Services.StartGantryDataAsync(cancellationToken);
            var localOptions = app.Services.GetRequiredService<IOptions<LocalExecutorOptions>>().Value;
            if (localOptions.Validate() is { Count: > 0 } problems)
                throw new InvalidOperationException("invalid Local configuration: " + string.Join(" ", problems));
            app.Services.ValidateServing();
            var inventory = app.Services.GetRequiredService<ClusterInventory>();
            await inventory.DiscoverAsync(app.Services.GetRequiredService<PoolRegistry>().CreateExecutors(), cancellationToken);
            var token = await Bootstrap.EnsureAdminAsync(store, writer, paths, cancellationToken);

            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.UseBearerAuthentication();
            app.UseAuthorization();
            app.MapHealthApi();
            app.MapOpenApi();
            app.MapJobsApi();
            app.MapQueueApi();
            app.MapClusterApi();
            app.MapAccountsApi();
            app.MapAuditApi();
            app.MapDatasetsApi();
            app.MapModelsApi();
            app.MapMonitoringApi();
            app.MapCostApi();
            app.MapPlanningApi();
            app.MapDeploymentsApi();
            app.MapInferenceApi();
            app.MapDashboard();
            await app.StartAsync(cancellationToken);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var logger = app.Services.GetRequiredService<ILogger<GantryApp>>();
            Log.Listening(logger, address, dataDir, store.Description);
            foreach (var (poolName, _, node) in inventory.Nodes)
                Log.NodeFound(logger, poolName, node.Name, node.Cpus, Core.Text.MemorySize.Human(node.MemoryBytes), node.Accelerators.Count, string.Join(',', node.DiscoveredBy));
            return new GantryApp(app, writer, address, token, dataDir);
        }
        catch
        {
            // A failed start (bad configuration, a port in use) must not leave the writer thread or the host behind.
            await writer.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (SIGTERM, Ctrl+C) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _writer.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static string ListenUrl(string listen) =>
        listen.Contains("://", StringComparison.Ordinal) ? listen : "http://" + listen;
}
