namespace Gantry.Server;

/// <summary>Runs the Gantry server until it is asked to stop (SIGTERM, Ctrl+C) or <c>cancellationToken</c> fires.</summary>
public static class ServerHost
{
    /// <summary>Returns the process exit code.</summary>
    public static async Task<int> RunAsync(ServerSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = await GantryApp.StartAsync(settings, null, cancellationToken);
        await output.WriteLineAsync($"Gantry is listening on {app.Address} (data in {app.DataDir})");
        if (Data.DataServiceRegistration.DataStartupNote(app.Services) is { } dataNote)
            await output.WriteLineAsync(dataNote);
        if (app.BootstrapToken is { } token)
        {
            await output.WriteLineAsync("First start: created user 'admin' and project 'default'.");
            await output.WriteLineAsync($"Admin token (shown once; also saved to {Path.Combine(app.DataDir, "admin.token")}, mode 0600):");
            await output.WriteLineAsync("  " + token);
        }

        await output.FlushAsync(cancellationToken);
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: fall through to a graceful shutdown.
        }

        // A leader that lost its database session stopped itself; a non-zero exit lets a supervisor restart it.
        return app.Services.GetRequiredService<Leadership.LeaderElection>().LostLeadership ? 1 : 0;
    }
}
