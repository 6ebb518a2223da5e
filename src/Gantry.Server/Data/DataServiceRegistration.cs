namespace Gantry.Server.Data;

/// <summary>Registers datasets and models with the server, and starts them before it listens.</summary>
internal static class DataServiceRegistration
{
    public static IServiceCollection AddGantryData(this IServiceCollection services)
    {
        services.AddOptions<DataOptions>().BindConfiguration("Data");
        services.AddSingleton<DataStore>();
        services.AddSingleton<UploadSessions>();
        services.AddSingleton<PossessionLog>();
        services.AddHostedService(sp => sp.GetRequiredService<PossessionLog>());
        services.AddSingleton<ChunkAccess>();
        services.AddSingleton<DataAudit>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<DatasetService>();
        services.AddSingleton<ModelService>();
        services.AddSingleton<InputCache>();
        services.AddSingleton<InputMaterializer>();
        services.AddOptions<ResidencyOptions>().BindConfiguration("Residency");
        services.AddSingleton<IDataResidency, ResidencyPolicy>();
        services.AddSingleton<JobDataHooks>();
        return services;
    }

    /// <summary>Opens the blob store and keys and reloads open uploads; before the job supervisor or the API run.</summary>
    public static async Task StartGantryDataAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DataStore>().StartAsync(cancellationToken);
        await services.GetRequiredService<UploadSessions>().LoadAsync(cancellationToken);
    }

    /// <summary>What to print at start-up about data (a master key created now), if anything.</summary>
    public static string? DataStartupNote(this IServiceProvider services) => services.GetService<DataStore>()?.StartupNote;
}
