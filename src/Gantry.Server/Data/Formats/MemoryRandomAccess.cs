namespace Gantry.Server.Data.Formats;

/// <summary>Bytes in memory read at offsets.</summary>
internal sealed class MemoryRandomAccess(ReadOnlyMemory<byte> bytes) : IRandomAccess
{
    public long Length => bytes.Length;

    public ValueTask<int> ReadAtAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (offset >= bytes.Length)
            return ValueTask.FromResult(0);
        var count = (int)Math.Min(destination.Length, bytes.Length - offset);
        bytes.Slice((int)offset, count).CopyTo(destination);
        return ValueTask.FromResult(count);
    }
}
