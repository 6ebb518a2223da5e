namespace Gantry.Server.Data.Formats;

internal static class RandomAccessExtensions
{
    /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/>, or null when the data ends first.</summary>
    public static async ValueTask<byte[]?> ReadExactAsync(this IRandomAccess source, long offset, int count, CancellationToken cancellationToken)
    {
        if (offset < 0 || count < 0 || offset + count > source.Length)
            return null;
        var buffer = new byte[count];
        var done = 0;
        while (done < count)
        {
            var read = await source.ReadAtAsync(offset + done, buffer.AsMemory(done), cancellationToken);
            if (read == 0)
                return null;
            done += read;
        }

        return buffer;
    }
}
