using System.Buffers.Binary;
using System.Text;

namespace Gantry.Storage.Blobs;

/// <summary>
/// The stored form of a chunk, version 1. Every field is fixed-size except the key id:
/// <code>
/// "GNTC" | version (1) | key id length L (1) | key id (L, ASCII)
/// | wrap nonce (12) | wrapped data key (32) | wrap tag (16)
/// | data nonce (12) | data tag (16) | plaintext length (4, little-endian) | ciphertext
/// </code>
/// The data key is wrapped by the master key named by the key id with AES-256-GCM; the data is encrypted
/// by the data key with AES-256-GCM. Both bind the chunk's address as associated data, so content stored
/// under another address fails authentication.
/// </summary>
internal readonly ref struct ChunkEnvelope
{
    public const byte Version1 = 1;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int DataKeySize = 32;
    public const int FixedSize = 4 + 1 + 1 + NonceSize + DataKeySize + TagSize + NonceSize + TagSize + 4;

    public static ReadOnlySpan<byte> Magic => "GNTC"u8;

    public static ReadOnlySpan<byte> WrapLabel => "gantry-chunk-key/v1"u8;

    public static ReadOnlySpan<byte> DataLabel => "gantry-chunk-data/v1"u8;

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _keyIdLength;

    private ChunkEnvelope(ReadOnlySpan<byte> bytes, int keyIdLength)
    {
        _bytes = bytes;
        _keyIdLength = keyIdLength;
    }

    public string KeyId => Encoding.ASCII.GetString(_bytes.Slice(6, _keyIdLength));

    public int WrapOffset => 6 + _keyIdLength;

    public ReadOnlySpan<byte> WrapNonce => _bytes.Slice(WrapOffset, NonceSize);

    public ReadOnlySpan<byte> WrappedKey => _bytes.Slice(WrapOffset + NonceSize, DataKeySize);

    public ReadOnlySpan<byte> WrapTag => _bytes.Slice(WrapOffset + NonceSize + DataKeySize, TagSize);

    public int DataOffset => WrapOffset + NonceSize + DataKeySize + TagSize;

    public ReadOnlySpan<byte> DataNonce => _bytes.Slice(DataOffset, NonceSize);

    public ReadOnlySpan<byte> DataTag => _bytes.Slice(DataOffset + NonceSize, TagSize);

    public int PlaintextLength => BinaryPrimitives.ReadInt32LittleEndian(_bytes.Slice(DataOffset + NonceSize + TagSize, 4));

    public int HeaderLength => DataOffset + NonceSize + TagSize + 4;

    public ReadOnlySpan<byte> Ciphertext => _bytes[HeaderLength..];

    public static int LengthFor(int plaintextLength, string keyId) => FixedSize + keyId.Length + plaintextLength;

    /// <summary>Parses the header; returns null and the reason when the bytes are not a valid envelope.</summary>
    public static string? TryParse(ReadOnlySpan<byte> bytes, out ChunkEnvelope envelope)
    {
        envelope = default;
        if (bytes.Length < FixedSize + 1)
            return $"{bytes.Length} bytes is shorter than any chunk envelope";
        if (!bytes[..4].SequenceEqual(Magic))
            return "the bytes are not a Gantry chunk envelope (bad magic)";
        if (bytes[4] != Version1)
            return $"unsupported chunk envelope version {bytes[4]}";
        var keyIdLength = bytes[5];
        if (keyIdLength is 0 or > 64 || bytes.Length < FixedSize + keyIdLength)
            return $"invalid key id length {keyIdLength}";
        foreach (var b in bytes.Slice(6, keyIdLength))
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'.' or (byte)'_' or (byte)'-'))
                return "invalid key id";
        }

        var parsed = new ChunkEnvelope(bytes, keyIdLength);
        if (parsed.PlaintextLength < 0 || parsed.PlaintextLength != bytes.Length - parsed.HeaderLength)
            return $"the envelope says {parsed.PlaintextLength} bytes of data but holds {bytes.Length - parsed.HeaderLength} (truncated or extended)";
        envelope = parsed;
        return null;
    }

    /// <summary>Writes the header fields that do not come from encryption; returns the offset of the wrap nonce.</summary>
    public static int WriteHeader(Span<byte> destination, string keyId, int plaintextLength)
    {
        Magic.CopyTo(destination);
        destination[4] = Version1;
        destination[5] = (byte)keyId.Length;
        Encoding.ASCII.GetBytes(keyId, destination.Slice(6, keyId.Length));
        var wrapOffset = 6 + keyId.Length;
        var lengthOffset = wrapOffset + NonceSize + DataKeySize + TagSize + NonceSize + TagSize;
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(lengthOffset, 4), plaintextLength);
        return wrapOffset;
    }
}
