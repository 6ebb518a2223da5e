using System.Text;
using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

public sealed class CipherTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the launch code is 0000. ", 200)));
    private static readonly string SecretHash = ChunkHash.Compute(Secret);

    [Fact]
    public void Seal_ThenOpen_RoundTrips_AndHidesThePlaintext()
    {
        var cipher = new ChunkCipher(TestData.Keyring());
        var envelope = cipher.Seal(SecretHash, Secret);
        Assert.Equal(-1, envelope.AsSpan().IndexOf("launch code"u8));
        Assert.Equal("GNTC"u8.ToArray(), envelope[..4]);
        Assert.Equal(Secret, cipher.Open(SecretHash, envelope));
        Assert.Equal("k1", ChunkCipher.KeyIdOf(SecretHash, envelope));
    }

    [Fact]
    public void SameChunk_SealedTwice_GivesDifferentCiphertext()
    {
        var cipher = new ChunkCipher(TestData.Keyring());
        Assert.NotEqual(cipher.Seal(SecretHash, Secret), cipher.Seal(SecretHash, Secret));
    }

    [Fact]
    public void WrongMasterKey_WithTheSameId_IsDetected()
    {
        var envelope = new ChunkCipher(TestData.Keyring("k1")).Seal(SecretHash, Secret);
        var other = new ChunkCipher(TestData.Keyring("k1"));
        var error = Assert.Throws<ChunkCorruptedException>(() => other.Open(SecretHash, envelope));
        Assert.Equal(SecretHash, error.Hash);
        Assert.Contains(SecretHash, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeyId_NamesTheKey()
    {
        var envelope = new ChunkCipher(TestData.Keyring("old")).Seal(SecretHash, Secret);
        var error = Assert.Throws<MasterKeyMissingException>(() => new ChunkCipher(TestData.Keyring("new")).Open(SecretHash, envelope));
        Assert.Equal("old", error.KeyId);
    }

    [Fact]
    public void TamperedCiphertext_IsDetected_AndNoBytesAreReturned()
    {
        var cipher = new ChunkCipher(TestData.Keyring());
        var envelope = cipher.Seal(SecretHash, Secret);
        envelope[^10] ^= 0x01;
        var destination = new byte[Secret.Length];
        Assert.Throws<ChunkCorruptedException>(() => cipher.Open(SecretHash, envelope, destination));
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void EveryHeaderByte_TamperedWith_IsDetected()
    {
        var cipher = new ChunkCipher(TestData.Keyring());
        var envelope = cipher.Seal(SecretHash, Secret);
        var headerLength = envelope.Length - Secret.Length;
        for (var i = 0; i < headerLength; i++)
        {
            var tampered = envelope.ToArray();
            tampered[i] ^= 0x40;
            var error = Record.Exception(() => cipher.Open(SecretHash, tampered));
            Assert.True(error is ChunkCorruptedException or MasterKeyMissingException, $"byte {i}: {error?.GetType().Name ?? "no error"}");
        }
    }

    [Fact]
    public void TruncatedOrExtendedEnvelope_IsDetected()
    {
        var cipher = new ChunkCipher(TestData.Keyring());
        var envelope = cipher.Seal(SecretHash, Secret);
        Assert.Throws<ChunkCorruptedException>(() => cipher.Open(SecretHash, envelope.AsSpan(0, envelope.Length - 1)));
        Assert.Throws<ChunkCorruptedException>(() => cipher.Open(SecretHash, [.. envelope, 0]));
        Assert.Throws<ChunkCorruptedException>(() => cipher.Open(SecretHash, envelope.AsSpan(0, 20)));
    }

    [Fact]
    public void ContentUnderAnotherAddress_IsDetected()
    {
        var cipher = new ChunkCipher(TestData.Keyring());
        var other = "other chunk"u8.ToArray();
        var otherHash = ChunkHash.Compute(other);
        var envelope = cipher.Seal(otherHash, other);
        Assert.Throws<ChunkCorruptedException>(() => cipher.Open(SecretHash, envelope));
    }

    [Fact]
    public void SealUnderAWrongAddress_IsCaughtOnOpen_ByTheReHash()
    {
        var cipher = new ChunkCipher(TestData.Keyring());
        var envelope = cipher.Seal(SecretHash, "not the secret"u8);
        var error = Assert.Throws<ChunkCorruptedException>(() => cipher.Open(SecretHash, envelope));
        Assert.Contains("does not hash", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrap_ChangesOnlyTheWrap_AndTheOldKeyIsNoLongerNeeded()
    {
        var oldKey = MasterKey.Generate("old");
        var newKey = MasterKey.Generate("new");
        var envelope = new ChunkCipher(new Keyring([oldKey])).Seal(SecretHash, Secret);
        var rotated = new ChunkCipher(new Keyring([oldKey, newKey]));

        var rewrapped = rotated.Rewrap(SecretHash, envelope)!;
        Assert.Null(rotated.Rewrap(SecretHash, rewrapped));
        Assert.Equal("new", ChunkCipher.KeyIdOf(SecretHash, rewrapped));
        // Nonce, tag, length and ciphertext are carried over byte for byte.
        Assert.Equal(envelope[^(Secret.Length + 32)..], rewrapped[^(Secret.Length + 32)..]);
        Assert.Equal(Secret, new ChunkCipher(new Keyring([newKey])).Open(SecretHash, rewrapped));
    }
}
