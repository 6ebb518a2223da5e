using Gantry.Core;

namespace Gantry.Client;

/// <summary>
/// The server to talk to and the token to present, resolved the way the <c>gantry</c> CLI does:
/// address from <c>--addr</c>, <c>GANTRY_ADDR</c>, the config file, else <see cref="ServerAddress.Default"/>;
/// token from <c>--token</c>, <c>GANTRY_TOKEN</c>, the config file (only for the server it was saved
/// for), else the <c>admin.token</c> a local <c>gantry server --dev</c> wrote (only for a loopback address).
/// </summary>
public sealed record ClientConnection(Uri Address, string? Token, ConnectionSource AddressSource, ConnectionSource TokenSource)
{
    public const string AdminTokenFileName = "admin.token";

    /// <summary>The address as people write it (no trailing slash).</summary>
    public string AddressText => ServerAddress.Display(Address);

    /// <summary>Resolves the connection. Nothing is read from the process environment except through <paramref name="getVariable"/>.</summary>
    /// <param name="addressFlag">The value of <c>--addr</c>, if given.</param>
    /// <param name="tokenFlag">The value of <c>--token</c>, if given.</param>
    /// <param name="getVariable">Looks up an environment variable.</param>
    /// <param name="workingDirectory">Where relative paths start and where a dev server's <c>.gantry</c> would be.</param>
    public static Outcome<ClientConnection> Resolve(string? addressFlag, string? tokenFlag, Func<string, string?> getVariable, string workingDirectory)
    {
        var explicitAddress = NonEmpty(addressFlag) is not null || NonEmpty(getVariable("GANTRY_ADDR")) is not null;
        var explicitToken = NonEmpty(tokenFlag) is not null || NonEmpty(getVariable("GANTRY_TOKEN")) is not null;

        // The config file is read only when something is still missing, so a broken one never
        // gets in the way of flags or variables that say everything.
        ClientConfig? config = null;
        Uri? configAddress = null;
        if (!(explicitAddress && explicitToken) && ClientConfigFile.PathFor(getVariable, workingDirectory) is { } configPath)
        {
            var loaded = ClientConfigFile.Load(configPath);
            if (!loaded.IsOk)
                return loaded.Error;
            config = loaded.Value;
            if (config is not null)
            {
                var parsed = ServerAddress.Parse(config.Address);
                if (!parsed.IsOk)
                    return GantryError.Invalid($"the config file {configPath} has an invalid address: {parsed.Error.Message}");
                configAddress = parsed.Value;
            }
        }

        var address = ResolveAddress(addressFlag, getVariable("GANTRY_ADDR"), configAddress);
        if (!address.IsOk)
            return address.Error;
        var (uri, addressSource) = address.Value;

        if (NonEmpty(tokenFlag) is { } flagToken)
            return new ClientConnection(uri, flagToken, addressSource, ConnectionSource.Flag);
        if (NonEmpty(getVariable("GANTRY_TOKEN")) is { } envToken)
            return new ClientConnection(uri, envToken, addressSource, ConnectionSource.Environment);

        // A saved token goes only to the server it was saved for, and a dev server's admin token
        // only to this machine: neither leaks to a server named by --addr for something else.
        if (config is not null && configAddress is not null && ServerAddress.SameServer(configAddress, uri))
            return new ClientConnection(uri, config.Token.Trim(), addressSource, ConnectionSource.ConfigFile);
        if (uri.IsLoopback && ReadAdminToken(getVariable, workingDirectory) is { } adminToken)
            return new ClientConnection(uri, adminToken, addressSource, ConnectionSource.AdminTokenFile);
        return new ClientConnection(uri, null, addressSource, ConnectionSource.Default);
    }

    /// <summary>Where a local dev server keeps its admin token: <c>$GANTRY_DATA_DIR/admin.token</c>, else <c>./.gantry/admin.token</c>.</summary>
    public static string AdminTokenPath(Func<string, string?> getVariable, string workingDirectory)
    {
        var dataDir = NonEmpty(getVariable("GANTRY_DATA_DIR")) ?? ".gantry";
        return Path.GetFullPath(Path.Combine(dataDir, AdminTokenFileName), workingDirectory);
    }

    private static Outcome<(Uri Address, ConnectionSource Source)> ResolveAddress(string? flag, string? variable, Uri? fromConfig)
    {
        if (NonEmpty(flag) is { } f)
            return WithSource(ServerAddress.Parse(f), ConnectionSource.Flag, "--addr");
        if (NonEmpty(variable) is { } v)
            return WithSource(ServerAddress.Parse(v), ConnectionSource.Environment, "GANTRY_ADDR");
        if (fromConfig is not null)
            return (fromConfig, ConnectionSource.ConfigFile);
        return (ServerAddress.Parse(ServerAddress.Default).Value!, ConnectionSource.Default);
    }

    private static Outcome<(Uri, ConnectionSource)> WithSource(Outcome<Uri> parsed, ConnectionSource source, string what) =>
        parsed.IsOk ? (parsed.Value, source) : GantryError.Invalid($"{what}: {parsed.Error.Message}");

    private static string? ReadAdminToken(Func<string, string?> getVariable, string workingDirectory)
    {
        var path = AdminTokenPath(getVariable, workingDirectory);
        try
        {
            return File.Exists(path) ? NonEmpty(File.ReadAllText(path).Trim()) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's dev server, say: not ours to use, so carry on without a token.
            return null;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
