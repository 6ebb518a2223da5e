namespace Gantry.Server;

/// <summary>Runs the Gantry server until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
public static class ServerHost
{
    /// <summary>Returns the process exit code.</summary>
    public static Task<int> RunAsync(ServerSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        _ = settings;
        _ = output;
        _ = cancellationToken;
        throw new NotSupportedException("being written");
    }
}
