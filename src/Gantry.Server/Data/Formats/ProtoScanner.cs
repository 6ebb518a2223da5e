namespace Gantry.Server.Data.Formats;

/// <summary>
/// Walks protobuf fields in a byte range without reading the payloads it is not asked for: enough to find an
/// ONNX graph's inputs and outputs in a multi-gigabyte file by reading a few kilobytes. Malformed data throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class ProtoScanner(IRandomAccess source)
{
    private const int Window = 64 << 10;
    private readonly byte[] _window = new byte[Window];
    private long _windowStart = -1;
    private int _windowLength;

    public long Length => source.Length;

    /// <summary>The fields of the message that occupies [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public async IAsyncEnumerable<ProtoField> FieldsAsync(long start, long end, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (start < 0 || end > source.Length || start > end)
            throw new InvalidDataException("a message lies outside the data");
        var position = start;
        while (position < end)
        {
            var (key, keySize) = await VarintAsync(position, end, cancellationToken);
            position += keySize;
            var number = (int)(key >> 3);
            var wire = (int)(key & 7);
            if (number < 1 || key >> 3 > 536_870_911)
                throw new InvalidDataException("a field number is out of range");
            switch (wire)
            {
                case ProtoField.Varint:
                    var (value, size) = await VarintAsync(position, end, cancellationToken);
                    yield return new ProtoField(number, wire, value, position, size);
                    position += size;
                    break;
                case ProtoField.Fixed64:
                case ProtoField.Fixed32:
                    var width = wire == ProtoField.Fixed64 ? 8 : 4;
                    if (position + width > end)
                        throw new InvalidDataException("a fixed-width field runs past its message");
                    yield return new ProtoField(number, wire, 0, position, width);
                    position += width;
                    break;
                case ProtoField.LengthDelimited:
                    var (length, lengthSize) = await VarintAsync(position, end, cancellationToken);
                    position += lengthSize;
                    if (length > (ulong)(end - position))
                        throw new InvalidDataException("a length-delimited field runs past its message");
                    yield return new ProtoField(number, wire, length, position, (long)length);
                    position += (long)length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire} is not used by these messages");
            }
        }
    }

    /// <summary>The payload of a length-delimited field, when it is at most <paramref name="limit"/> bytes.</summary>
    public async ValueTask<byte[]> BytesAsync(ProtoField field, int limit, CancellationToken cancellationToken)
    {
        if (field.WireType != ProtoField.LengthDelimited || field.Length > limit)
            throw new InvalidDataException($"field {field.Number} is larger than the {limit} bytes expected");
        return await source.ReadExactAsync(field.Start, (int)field.Length, cancellationToken)
            ?? throw new InvalidDataException("the data ends inside a field");
    }

    private async ValueTask<(ulong Value, int Size)> VarintAsync(long position, long end, CancellationToken cancellationToken)
    {
        ulong value = 0;
        for (var i = 0; i < 10; i++)
        {
            if (position + i >= end)
                throw new InvalidDataException("a varint runs past its message");
            var b = await ByteAsync(position + i, cancellationToken);
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
                return (value, i + 1);
        }

        throw new InvalidDataException("a varint is longer than 10 bytes");
    }

    private async ValueTask<byte> ByteAsync(long position, CancellationToken cancellationToken)
    {
        if (position < _windowStart || position >= _windowStart + _windowLength)
        {
            _windowStart = position;
            _windowLength = 0;
            while (_windowLength < Window)
            {
                var read = await source.ReadAtAsync(position + _windowLength, _window.AsMemory(_windowLength), cancellationToken);
                if (read == 0)
                    break;
                _windowLength += read;
            }

            if (_windowLength == 0)
                throw new InvalidDataException("the data ends inside a field");
        }

        return _window[position - _windowStart];
    }
}
