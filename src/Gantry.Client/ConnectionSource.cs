namespace Gantry.Client;

/// <summary>Where a part of a <see cref="ClientConnection"/> came from, in the order they are tried.</summary>
public enum ConnectionSource
{
    /// <summary>A command-line flag (<c>--addr</c>, <c>--token</c>).</summary>
    Flag,

    /// <summary>An environment variable (<c>GANTRY_ADDR</c>, <c>GANTRY_TOKEN</c>).</summary>
    Environment,

    /// <summary>The file <c>gantry login</c> writes.</summary>
    ConfigFile,

    /// <summary>The admin token a local <c>gantry server --dev</c> wrote into its data directory.</summary>
    AdminTokenFile,

    /// <summary>The built-in default address; for a token, none was found.</summary>
    Default,
}
