using System.Text.Json;
using Gantry.Core;

namespace Gantry.Client;

/// <summary>
/// The file <c>gantry login</c> writes: <c>$GANTRY_CONFIG_DIR/config.json</c>, else
/// <c>$XDG_CONFIG_HOME/gantry/config.json</c>, else <c>~/.config/gantry/config.json</c>. It holds a
/// token, so it is created readable by its owner only (0600, in a 0700 directory).
/// </summary>
public static class ClientConfigFile
{
    public const string FileName = "config.json";

    private static readonly JsonSerializerOptions IndentedJson = new(GantryJson.Options) { WriteIndented = true };

    /// <summary>
    /// The config file's path for these environment variables (relative ones taken from
    /// <paramref name="workingDirectory"/>), or null when no home is known.
    /// </summary>
    public static string? PathFor(Func<string, string?> getVariable, string workingDirectory)
    {
        if (NonEmpty(getVariable("GANTRY_CONFIG_DIR")) is { } dir)
            return Path.GetFullPath(Path.Combine(dir, FileName), workingDirectory);
        if (NonEmpty(getVariable("XDG_CONFIG_HOME")) is { } xdg)
            return Path.GetFullPath(Path.Combine(xdg, "gantry", FileName), workingDirectory);
        var home = NonEmpty(getVariable("HOME")) ?? NonEmpty(getVariable("USERPROFILE"));
        return home is null ? null : Path.GetFullPath(Path.Combine(home, ".config", "gantry", FileName), workingDirectory);
    }

    /// <summary>Reads the file; null when it does not exist, an error when it cannot be understood.</summary>
    public static Outcome<ClientConfig?> Load(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path))
                return Outcome<ClientConfig?>.Ok(null);
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return GantryError.Invalid($"cannot read the config file {path}: {ex.Message}");
        }

        try
        {
            var config = JsonSerializer.Deserialize<ClientConfig>(text, GantryJson.Options);
            if (config is null || string.IsNullOrWhiteSpace(config.Address) || string.IsNullOrWhiteSpace(config.Token))
                return GantryError.Invalid($"the config file {path} needs an address and a token; run `gantry login` again");
            return config;
        }
        catch (JsonException ex)
        {
            return GantryError.Invalid($"the config file {path} is not valid ({ex.Message}); run `gantry login` again");
        }
    }

    /// <summary>Writes the file atomically, readable by its owner only.</summary>
    public static async Task SaveAsync(string path, ClientConfig config, CancellationToken cancellationToken)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(dir);
        else
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var temp = Path.Combine(dir, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await JsonSerializer.SerializeAsync(stream, config, IndentedJson, cancellationToken);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
