using System.Security.Cryptography;
using System.Text;

namespace Gantry.Storage.Blobs;

/// <summary>A 256-bit master key that wraps chunk data keys, named by a key id stored in every chunk it wraps.</summary>
public sealed class MasterKey
{
    /// <summary>The key length in bytes.</summary>
    public const int KeySize = 32;

    private readonly byte[] _key;

    private MasterKey(string id, byte[] key)
    {
        Id = id;
        _key = key;
    }

    /// <summary>Gets the key id: 1–64 letters, digits, '.', '_' or '-'.</summary>
    public string Id { get; }

    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>Creates a key from its bytes; the id defaults to a fingerprint of the key.</summary>
    public static MasterKey Create(ReadOnlySpan<byte> key, string? id = null)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"a master key is {KeySize} bytes, not {key.Length}", nameof(key));
        id ??= Fingerprint(key);
        if (CheckId(id) is { } problem)
            throw new ArgumentException(problem, nameof(id));
        return new MasterKey(id, key.ToArray());
    }

    /// <summary>Creates a new random key.</summary>
    public static MasterKey Generate(string? id = null) => Create(RandomNumberGenerator.GetBytes(KeySize), id);

    /// <summary>Returns null when <paramref name="id"/> is a valid key id, else the reason.</summary>
    public static string? CheckId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
            return "a key id must be 1-64 characters long";
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                return $"key id '{id}' may contain only letters, digits, '.', '_' and '-'";
        }

        return null;
    }

    /// <summary>The key encoded as base64, as the key file and environment variable hold it.</summary>
    public string ToBase64() => Convert.ToBase64String(_key);

    // A key id derived from the key itself, so that a bare key always gets the same id.
    private static string Fingerprint(ReadOnlySpan<byte> key)
    {
        var label = Encoding.ASCII.GetBytes("gantry-master-key-id\0");
        var input = new byte[label.Length + key.Length];
        label.CopyTo(input, 0);
        key.CopyTo(input.AsSpan(label.Length));
        return "k-" + Convert.ToHexStringLower(SHA256.HashData(input).AsSpan(0, 8));
    }
}
