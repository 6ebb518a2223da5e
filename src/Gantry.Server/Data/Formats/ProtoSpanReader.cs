namespace Gantry.Server.Data.Formats;

/// <summary>Reads the fields of a small protobuf message held in memory. Malformed data throws <see cref="InvalidDataException"/>.</summary>
internal ref struct ProtoSpanReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Moves to the next field; <paramref name="bytes"/> holds a length-delimited payload, <paramref name="value"/> a varint.</summary>
    public bool Next(out int number, out int wireType, out ulong value, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        value = 0;
        number = 0;
        wireType = 0;
        if (_position >= _data.Length)
            return false;
        var key = Varint();
        number = (int)(key >> 3);
        wireType = (int)(key & 7);
        if (number < 1)
            throw new InvalidDataException("a field number is out of range");
        switch (wireType)
        {
            case ProtoField.Varint:
                value = Varint();
                break;
            case ProtoField.Fixed64:
                Skip(8);
                break;
            case ProtoField.Fixed32:
                Skip(4);
                break;
            case ProtoField.LengthDelimited:
                var length = Varint();
                if (length > (ulong)(_data.Length - _position))
                    throw new InvalidDataException("a length-delimited field runs past its message");
                bytes = _data.Slice(_position, (int)length);
                _position += (int)length;
                break;
            default:
                throw new InvalidDataException($"wire type {wireType} is not used by these messages");
        }

        return true;
    }

    private void Skip(int count)
    {
        if (_position + count > _data.Length)
            throw new InvalidDataException("a fixed-width field runs past its message");
        _position += count;
    }

    private ulong Varint()
    {
        ulong value = 0;
        for (var i = 0; i < 10; i++)
        {
            if (_position >= _data.Length)
                throw new InvalidDataException("a varint runs past its message");
            var b = _data[_position++];
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
                return value;
        }

        throw new InvalidDataException("a varint is longer than 10 bytes");
    }
}
