using System.Security.Cryptography;
using System.Text;

namespace Gantry.Server.Auth;

/// <summary>Bearer tokens: 256 random bits, shown once; only their SHA-256 is stored.</summary>
internal static class TokenSecrets
{
    public const string Prefix = "gnt_";

    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares two hashes in time independent of where they differ.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
