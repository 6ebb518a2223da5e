using System.Security.Cryptography;

namespace Gantry.Storage.Blobs;

/// <summary>A chunk's address: the SHA-256 of its plaintext as 64 lower-case hex digits.</summary>
public static class ChunkHash
{
    /// <summary>The length of a chunk hash in characters.</summary>
    public const int Length = 64;

    /// <summary>Hashes <paramref name="data"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Whether <paramref name="hash"/> is 64 lower-case hex digits.</summary>
    public static bool IsValid(string? hash)
    {
        if (hash is null || hash.Length != Length)
            return false;
        foreach (var c in hash)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
                return false;
        }

        return true;
    }

    /// <summary>Whether <paramref name="data"/> hashes to <paramref name="hash"/>.</summary>
    public static bool Matches(string hash, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return Convert.FromHexString(hash, expected, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(digest, expected);
    }

    internal static void WriteBytes(string hash, Span<byte> destination)
    {
        if (!IsValid(hash) || Convert.FromHexString(hash, destination, out _, out _) != System.Buffers.OperationStatus.Done)
            throw new ArgumentException($"'{hash}' is not a chunk hash (64 lower-case hex digits)", nameof(hash));
    }
}
