using System.Security.Cryptography;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Envelope encryption of chunks: each chunk gets its own random AES-256-GCM data key, wrapped by the
/// keyring's current master key. A per-chunk key (rather than per object) fits a content-addressed store,
/// where one chunk belongs to many files and versions; it costs one 32-byte wrap per chunk.
/// </summary>
public sealed class ChunkCipher
{
    private const int HashSize = 32;

    /// <summary>Encrypts and decrypts with <paramref name="keyring"/>.</summary>
    public ChunkCipher(Keyring keyring)
    {
        Keyring = keyring;
    }

    /// <summary>Gets the keyring in use.</summary>
    public Keyring Keyring { get; }

    /// <summary>The stored length of a chunk of <paramref name="plaintextLength"/> bytes under the current key.</summary>
    public int SealedLength(int plaintextLength) => ChunkEnvelope.LengthFor(plaintextLength, Keyring.Current.Id);

    /// <summary>Encrypts a chunk whose address is <paramref name="hash"/> into a new envelope.</summary>
    public byte[] Seal(string hash, ReadOnlySpan<byte> plaintext)
    {
        var envelope = new byte[SealedLength(plaintext.Length)];
        Seal(hash, plaintext, envelope);
        return envelope;
    }

    /// <summary>Encrypts a chunk into <paramref name="destination"/>; returns the envelope length.</summary>
    public int Seal(string hash, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        var master = Keyring.Current;
        var length = ChunkEnvelope.LengthFor(plaintext.Length, master.Id);
        if (destination.Length < length)
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the envelope needs {length}", nameof(destination));
        destination = destination[..length];

        Span<byte> dataKey = stackalloc byte[ChunkEnvelope.DataKeySize];
        Span<byte> wrapAad = stackalloc byte[ChunkEnvelope.WrapLabel.Length + HashSize];
        Span<byte> dataAad = stackalloc byte[ChunkEnvelope.DataLabel.Length + HashSize];
        Associated(ChunkEnvelope.WrapLabel, hash, wrapAad);
        Associated(ChunkEnvelope.DataLabel, hash, dataAad);
        try
        {
            RandomNumberGenerator.Fill(dataKey);
            var offset = ChunkEnvelope.WriteHeader(destination, master.Id, plaintext.Length);
            var wrapNonce = destination.Slice(offset, ChunkEnvelope.NonceSize);
            var wrapped = destination.Slice(offset + ChunkEnvelope.NonceSize, ChunkEnvelope.DataKeySize);
            var wrapTag = destination.Slice(offset + ChunkEnvelope.NonceSize + ChunkEnvelope.DataKeySize, ChunkEnvelope.TagSize);
            offset += ChunkEnvelope.NonceSize + ChunkEnvelope.DataKeySize + ChunkEnvelope.TagSize;
            var dataNonce = destination.Slice(offset, ChunkEnvelope.NonceSize);
            var dataTag = destination.Slice(offset + ChunkEnvelope.NonceSize, ChunkEnvelope.TagSize);
            var ciphertext = destination[(offset + ChunkEnvelope.NonceSize + ChunkEnvelope.TagSize + 4)..];

            RandomNumberGenerator.Fill(wrapNonce);
            using (var wrap = new AesGcm(master.Key, ChunkEnvelope.TagSize))
                wrap.Encrypt(wrapNonce, dataKey, wrapped, wrapTag, wrapAad);
            // The data key is used once, so a random nonce is as good as any.
            RandomNumberGenerator.Fill(dataNonce);
            using (var data = new AesGcm(dataKey, ChunkEnvelope.TagSize))
                data.Encrypt(dataNonce, plaintext, ciphertext, dataTag, dataAad);
            return length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Authenticates and decrypts an envelope, then checks that the plaintext hashes to
    /// <paramref name="hash"/>; throws <see cref="ChunkCorruptedException"/> on any mismatch.
    /// </summary>
    public byte[] Open(string hash, ReadOnlySpan<byte> envelope)
    {
        var plaintext = new byte[PlaintextLength(hash, envelope)];
        Open(hash, envelope, plaintext);
        return plaintext;
    }

    /// <summary>Like <see cref="Open(string, ReadOnlySpan{byte})"/>, into <paramref name="destination"/>; returns the length.</summary>
    public int Open(string hash, ReadOnlySpan<byte> envelope, Span<byte> destination)
    {
        var parsed = Parse(hash, envelope);
        var length = parsed.PlaintextLength;
        if (destination.Length < length)
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the chunk has {length}", nameof(destination));
        destination = destination[..length];

        Span<byte> dataKey = stackalloc byte[ChunkEnvelope.DataKeySize];
        Span<byte> dataAad = stackalloc byte[ChunkEnvelope.DataLabel.Length + HashSize];
        Associated(ChunkEnvelope.DataLabel, hash, dataAad);
        try
        {
            Unwrap(hash, parsed, dataKey);
            try
            {
                using var data = new AesGcm(dataKey, ChunkEnvelope.TagSize);
                data.Decrypt(parsed.DataNonce, parsed.Ciphertext, parsed.DataTag, destination, dataAad);
            }
            catch (AuthenticationTagMismatchException e)
            {
                throw new ChunkCorruptedException(hash, "the data failed authentication (tampered ciphertext or header)", e);
            }

            if (!ChunkHash.Matches(hash, destination))
            {
                CryptographicOperations.ZeroMemory(destination);
                throw new ChunkCorruptedException(hash, "the decrypted data does not hash to the chunk's address");
            }

            return length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The plaintext length an envelope declares (checked against its size, not yet authenticated).</summary>
    public static int PlaintextLength(string hash, ReadOnlySpan<byte> envelope) => Parse(hash, envelope).PlaintextLength;

    /// <summary>The id of the master key that wraps this envelope's data key.</summary>
    public static string KeyIdOf(string hash, ReadOnlySpan<byte> envelope) => Parse(hash, envelope).KeyId;

    /// <summary>
    /// Re-wraps the data key under the current master key, leaving nonce, tag and ciphertext as they are.
    /// Returns null when the envelope already uses the current key.
    /// </summary>
    public byte[]? Rewrap(string hash, ReadOnlySpan<byte> envelope)
    {
        var parsed = Parse(hash, envelope);
        var master = Keyring.Current;
        if (parsed.KeyId == master.Id)
            return null;

        Span<byte> dataKey = stackalloc byte[ChunkEnvelope.DataKeySize];
        Span<byte> wrapAad = stackalloc byte[ChunkEnvelope.WrapLabel.Length + HashSize];
        Associated(ChunkEnvelope.WrapLabel, hash, wrapAad);
        try
        {
            Unwrap(hash, parsed, dataKey);
            var result = new byte[ChunkEnvelope.LengthFor(parsed.PlaintextLength, master.Id)];
            var offset = ChunkEnvelope.WriteHeader(result, master.Id, parsed.PlaintextLength);
            var wrapNonce = result.AsSpan(offset, ChunkEnvelope.NonceSize);
            RandomNumberGenerator.Fill(wrapNonce);
            using (var wrap = new AesGcm(master.Key, ChunkEnvelope.TagSize))
            {
                wrap.Encrypt(
                    wrapNonce,
                    dataKey,
                    result.AsSpan(offset + ChunkEnvelope.NonceSize, ChunkEnvelope.DataKeySize),
                    result.AsSpan(offset + ChunkEnvelope.NonceSize + ChunkEnvelope.DataKeySize, ChunkEnvelope.TagSize),
                    wrapAad);
            }

            // Data nonce, data tag, length and ciphertext move over unchanged.
            envelope[parsed.DataOffset..].CopyTo(result.AsSpan(offset + ChunkEnvelope.NonceSize + ChunkEnvelope.DataKeySize + ChunkEnvelope.TagSize));
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private void Unwrap(string hash, ChunkEnvelope parsed, Span<byte> dataKey)
    {
        var keyId = parsed.KeyId;
        var master = Keyring.Find(keyId) ?? throw new MasterKeyMissingException(hash, keyId);
        Span<byte> wrapAad = stackalloc byte[ChunkEnvelope.WrapLabel.Length + HashSize];
        Associated(ChunkEnvelope.WrapLabel, hash, wrapAad);
        try
        {
            using var wrap = new AesGcm(master.Key, ChunkEnvelope.TagSize);
            wrap.Decrypt(parsed.WrapNonce, parsed.WrappedKey, parsed.WrapTag, dataKey, wrapAad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ChunkCorruptedException(
                hash, $"its data key failed authentication under master key '{keyId}' (wrong key, tampered header, or content stored under another address)", e);
        }
    }

    private static ChunkEnvelope Parse(string hash, ReadOnlySpan<byte> envelope)
    {
        if (!ChunkHash.IsValid(hash))
            throw new ArgumentException($"'{hash}' is not a chunk hash (64 lower-case hex digits)", nameof(hash));
        if (ChunkEnvelope.TryParse(envelope, out var parsed) is { } problem)
            throw new ChunkCorruptedException(hash, problem);
        return parsed;
    }

    private static void Associated(ReadOnlySpan<byte> label, string hash, Span<byte> destination)
    {
        label.CopyTo(destination);
        ChunkHash.WriteBytes(hash, destination[label.Length..]);
    }
}
