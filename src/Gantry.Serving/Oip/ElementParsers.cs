using System.Text.Json;

namespace Gantry.Serving.Oip;

/// <summary>Reads one JSON element of a datatype without boxing; false when the token is not a valid element.</summary>
internal interface IElementParser<T>
{
    static abstract bool TryRead(ref Utf8JsonReader reader, out T value);
}

internal readonly struct BoolParser : IElementParser<bool>
{
    public static bool TryRead(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }
}

internal readonly struct Uint8Parser : IElementParser<byte>
{
    public static bool TryRead(ref Utf8JsonReader reader, out byte value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out value);
    }
}

internal readonly struct Uint16Parser : IElementParser<ushort>
{
    public static bool TryRead(ref Utf8JsonReader reader, out ushort value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt16(out value);
    }
}

internal readonly struct Uint32Parser : IElementParser<uint>
{
    public static bool TryRead(ref Utf8JsonReader reader, out uint value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out value);
    }
}

internal readonly struct Uint64Parser : IElementParser<ulong>
{
    public static bool TryRead(ref Utf8JsonReader reader, out ulong value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out value);
    }
}

internal readonly struct Int8Parser : IElementParser<sbyte>
{
    public static bool TryRead(ref Utf8JsonReader reader, out sbyte value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetSByte(out value);
    }
}

internal readonly struct Int16Parser : IElementParser<short>
{
    public static bool TryRead(ref Utf8JsonReader reader, out short value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt16(out value);
    }
}

internal readonly struct Int32Parser : IElementParser<int>
{
    public static bool TryRead(ref Utf8JsonReader reader, out int value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
    }
}

internal readonly struct Int64Parser : IElementParser<long>
{
    public static bool TryRead(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }
}

/// <summary>
/// Floating-point elements: JSON numbers, and the strings "NaN", "Infinity", "-Infinity" for the values JSON
/// numbers cannot write (bare NaN/Infinity tokens are not JSON and fail as malformed).
/// </summary>
internal readonly struct Fp64Parser : IElementParser<double>
{
    public static bool TryRead(ref Utf8JsonReader reader, out double value)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return reader.TryGetDouble(out value) && double.IsFinite(value);
        value = 0;
        if (reader.TokenType != JsonTokenType.String)
            return false;
        if (reader.ValueTextEquals("NaN"u8))
            value = double.NaN;
        else if (reader.ValueTextEquals("Infinity"u8))
            value = double.PositiveInfinity;
        else if (reader.ValueTextEquals("-Infinity"u8))
            value = double.NegativeInfinity;
        else
            return false;
        return true;
    }
}

internal readonly struct Fp32Parser : IElementParser<float>
{
    public static bool TryRead(ref Utf8JsonReader reader, out float value)
    {
        var ok = Fp64Parser.TryRead(ref reader, out var wide);
        value = (float)wide;
        return ok && (float.IsFinite(value) || !double.IsFinite(wide));
    }
}

internal readonly struct Fp16Parser : IElementParser<Half>
{
    public static bool TryRead(ref Utf8JsonReader reader, out Half value)
    {
        var ok = Fp64Parser.TryRead(ref reader, out var wide);
        value = (Half)wide;
        return ok && (Half.IsFinite(value) || !double.IsFinite(wide));
    }
}

/// <summary>BF16 elements as their 16 bits: the float rounded to nearest even, NaN kept quiet.</summary>
internal readonly struct Bf16Parser : IElementParser<ushort>
{
    public static bool TryRead(ref Utf8JsonReader reader, out ushort value)
    {
        var ok = Fp64Parser.TryRead(ref reader, out var wide);
        value = FromSingle((float)wide);
        return ok && (float.IsFinite((float)wide) || !double.IsFinite(wide));
    }

    public static ushort FromSingle(float value)
    {
        if (float.IsNaN(value))
            return 0x7FC0;
        var bits = BitConverter.SingleToUInt32Bits(value);
        bits += 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)(bits >> 16);
    }

    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);
}

internal readonly struct BytesParser : IElementParser<byte[]>
{
    public static bool TryRead(ref Utf8JsonReader reader, out byte[] value)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            value = [];
            return false;
        }
        if (!reader.ValueIsEscaped)
        {
            value = reader.ValueSpan.ToArray();
            return true;
        }
        var buffer = new byte[reader.ValueSpan.Length];
        value = buffer.AsSpan(0, reader.CopyString(buffer)).ToArray();
        return true;
    }
}
