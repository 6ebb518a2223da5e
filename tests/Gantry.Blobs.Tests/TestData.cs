using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

internal static class TestData
{
    /// <summary>Small chunk sizes so that a few hundred KiB already make many chunks.</summary>
    public static ChunkingOptions SmallChunks { get; } = new() { MinSize = 1024, AverageSize = 4096, MaxSize = 16384 };

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static Keyring Keyring(string id = "k1") => new([MasterKey.Generate(id)]);

    public static async Task<List<byte[]>> ChunksOf(byte[] data, ChunkingOptions options, int readSize = int.MaxValue)
    {
        using var stream = new TrickleStream(data, readSize);
        using var reader = new ChunkReader(stream, new ContentChunker(options));
        var chunks = new List<byte[]>();
        while (true)
        {
            var chunk = await reader.ReadNextAsync();
            if (chunk.IsEmpty)
                return chunks;
            chunks.Add(chunk.ToArray());
        }
    }
}
