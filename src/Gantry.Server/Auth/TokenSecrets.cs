using System.Security.Cryptography;
using System.Text;

namespace Gantry.Server.Auth;

/// <summary>Bearer tokens: 256 random bits, shown once; only their SHA-256 is stored.</summary>
internal static class TokenSecrets
{
    public const string Prefix = "gnt_";

    /// <summary>The length of a token's hash in lower-case hex.</summary>
    public const int HashChars = 2 * SHA256.HashSizeInBytes;

    /// <summary>The longest token <see cref="Hash(ReadOnlySpan{char}, Span{char})"/> takes (the Authorization header is capped below it).</summary>
    public const int MaxTokenChars = 1024;

    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token)
    {
        Span<char> hash = stackalloc char[HashChars];
        Hash(token, hash);
        return new string(hash);
    }

    /// <summary>
    /// Writes the token's SHA-256 in lower-case hex into <paramref name="destination"/> (<see cref="HashChars"/> long)
    /// without allocating: what authentication does on every request.
    /// </summary>
    public static void Hash(ReadOnlySpan<char> token, Span<char> destination)
    {
        if (token.Length > MaxTokenChars)
            throw new ArgumentOutOfRangeException(nameof(token), $"a token is at most {MaxTokenChars} characters");
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        var length = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], digest);
        if (!Convert.TryToHexStringLower(digest, destination, out _))
            throw new ArgumentException($"the destination needs {HashChars} characters", nameof(destination));
    }

    /// <summary>Compares two hashes in time independent of where they differ.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
