namespace Gantry.Cli;

/// <summary>What <c>gantry</c> exits with.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed: an error from the server, a failed or cancelled job.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;

    /// <summary>A wait ran out of time before the job finished.</summary>
    public const int Timeout = 3;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
