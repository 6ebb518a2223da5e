using Gantry.Core;

namespace Gantry.Storage.Blobs;

/// <summary>
/// The master keys a chunk store knows, oldest first: new chunks are wrapped by the newest (the current
/// key), older keys stay to unwrap chunks written before a rotation until they are re-wrapped.
/// </summary>
public sealed class Keyring
{
    /// <summary>The environment variable a keyring is read from by default.</summary>
    public const string DefaultVariable = "GANTRY_MASTER_KEY";

    private readonly Dictionary<string, MasterKey> _byId;

    /// <summary>Creates a keyring; the last key is the current one.</summary>
    public Keyring(IEnumerable<MasterKey> keys)
    {
        Keys = [.. keys];
        if (Keys.Count == 0)
            throw new ArgumentException("a keyring needs at least one key", nameof(keys));
        _byId = new Dictionary<string, MasterKey>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            if (!_byId.TryAdd(key.Id, key))
                throw new ArgumentException($"key id '{key.Id}' appears twice in the keyring", nameof(keys));
        }
    }

    /// <summary>Gets every key, oldest first.</summary>
    public IReadOnlyList<MasterKey> Keys { get; }

    /// <summary>Gets the key new chunks are wrapped with.</summary>
    public MasterKey Current => Keys[^1];

    /// <summary>Returns the key with this id, or null.</summary>
    public MasterKey? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Parses keyring text: one key per line (or comma-separated), each <c>base64</c> or <c>id:base64</c>,
    /// oldest first; blank lines and lines starting with '#' are ignored.
    /// </summary>
    public static Outcome<Keyring> Parse(string text, string source)
    {
        var keys = new List<MasterKey>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var entries = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .SelectMany(line => line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var number = 0;
        foreach (var entry in entries)
        {
            number++;
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var id = colon < 0 ? null : entry[..colon];
            var encoded = colon < 0 ? entry : entry[(colon + 1)..];
            if (id is not null && MasterKey.CheckId(id) is { } idProblem)
                return GantryError.Invalid($"{source}, entry {number}: {idProblem}");
            var bytes = new byte[MasterKey.KeySize + 1];
            if (!Convert.TryFromBase64String(encoded, bytes, out var length) || length != MasterKey.KeySize)
                return GantryError.Invalid($"{source}, entry {number}: a master key must be {MasterKey.KeySize} bytes in base64 (openssl rand -base64 32)");
            var key = MasterKey.Create(bytes.AsSpan(0, length), id);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
            if (!ids.Add(key.Id))
                return GantryError.Invalid($"{source}, entry {number}: key id '{key.Id}' appears twice");
            keys.Add(key);
        }

        if (keys.Count == 0)
            return GantryError.Invalid($"{source} holds no master key");
        return new Keyring(keys);
    }

    /// <summary>Reads the keyring from an environment variable holding keyring text.</summary>
    public static Outcome<Keyring> FromEnvironment(string variable = DefaultVariable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
            return GantryError.NotFound($"environment variable {variable} is not set");
        return Parse(text, $"environment variable {variable}");
    }
}
