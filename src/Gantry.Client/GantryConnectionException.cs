namespace Gantry.Client;

/// <summary>The server could not be reached at all (refused, unknown host, TLS failure, no answer in time).</summary>
public sealed class GantryConnectionException : Exception
{
    public GantryConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public GantryConnectionException()
        : base("cannot reach the Gantry server")
    {
    }

    public GantryConnectionException(string message)
        : base(message)
    {
    }
}
