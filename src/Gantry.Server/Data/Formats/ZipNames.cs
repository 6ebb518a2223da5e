using System.Buffers.Binary;
using System.Text;

namespace Gantry.Server.Data.Formats;

/// <summary>Lists the entry names of a zip archive from its central directory (zip64 included), without reading any entry.</summary>
internal static class ZipNames
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64End = 0x06064b50;
    private const uint CentralEntry = 0x02014b50;
    private const int MaxCentralDirectory = 64 << 20;

    public static async Task<IReadOnlyList<string>?> ReadAsync(IRandomAccess source, CancellationToken cancellationToken)
    {
        var tailLength = (int)Math.Min(source.Length, 65_557);
        var tail = await source.ReadExactAsync(source.Length - tailLength, tailLength, cancellationToken);
        if (tail is null)
            return null;
        var eocd = -1;
        for (var i = tail.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectory)
            {
                eocd = i;
                break;
            }
        }

        if (eocd < 0)
            return null;
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 12));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 16));
        if ((size == uint.MaxValue || offset == uint.MaxValue) && eocd >= 20
            && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd - 20)) == Zip64Locator)
        {
            var zip64At = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(eocd - 20 + 8));
            var zip64 = await source.ReadExactAsync(zip64At, 56, cancellationToken);
            if (zip64 is null || BinaryPrimitives.ReadUInt32LittleEndian(zip64) != Zip64End)
                return null;
            size = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(40));
            offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(48));
        }

        if (size > MaxCentralDirectory || offset < 0 || offset + size > source.Length)
            return null;
        var directory = await source.ReadExactAsync(offset, (int)size, cancellationToken);
        if (directory is null)
            return null;
        var names = new List<string>();
        for (var at = 0; at + 46 <= directory.Length;)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(at)) != CentralEntry)
                return null;
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(directory.AsSpan(at + 28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(directory.AsSpan(at + 30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(directory.AsSpan(at + 32));
            if (at + 46 + nameLength > directory.Length)
                return null;
            names.Add(Encoding.UTF8.GetString(directory, at + 46, nameLength));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return names;
    }
}
