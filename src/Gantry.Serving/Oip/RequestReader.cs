using System.Buffers.Binary;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Serving.Oip;

/// <summary>
/// Parses an Open Inference Protocol request body with <see cref="Utf8JsonReader"/>: tensors are read straight
/// into typed arrays (no per-element boxing), binary tensors are copied from the bytes after the JSON.
/// Expected failures are thrown as <see cref="RequestException"/> inside and returned as Invalid.
/// </summary>
internal static class RequestReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    public static Outcome<InferRequest> Parse(ReadOnlyMemory<byte> body, int? jsonLength)
    {
        var json = body.Span;
        var binary = ReadOnlySpan<byte>.Empty;
        if (jsonLength is { } length)
        {
            if (length <= 0 || length > body.Length)
                return GantryError.Invalid($"Inference-Header-Content-Length {length} does not fit the body of {body.Length} bytes");
            json = body.Span[..length];
            binary = body.Span[length..];
        }
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            return ReadRequest(ref reader, binary, jsonLength.HasValue, json.Length);
        }
        catch (RequestException e)
        {
            return GantryError.Invalid(e.Message);
        }
        catch (JsonException e)
        {
            return GantryError.Invalid($"the request body is not valid JSON: {e.Message}");
        }
    }

    private static InferRequest ReadRequest(ref Utf8JsonReader reader, ReadOnlySpan<byte> binary, bool hasBinary, int jsonLength)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new RequestException("the request body must be a JSON object with \"inputs\"");
        string? id = null;
        var binaryDataOutput = false;
        List<InputDraft>? inputs = null;
        List<RequestedOutput>? outputs = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new RequestException("\"id\" must be a string");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                binaryDataOutput = ReadBoolParameter(ref reader, "binary_data_output"u8, "the request's parameters");
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                inputs = ReadInputs(ref reader, jsonLength);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                outputs = ReadOutputs(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (inputs is null || inputs.Count == 0)
            throw new RequestException("the request has no \"inputs\"");
        return new InferRequest(id, ResolveBinary(inputs, binary, hasBinary), outputs, binaryDataOutput);
    }

    private static List<InputDraft> ReadInputs(ref Utf8JsonReader reader, int jsonLength)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new RequestException("\"inputs\" must be an array of tensors");
        var inputs = new List<InputDraft>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var input = ReadInput(ref reader, inputs.Count, jsonLength);
            foreach (var other in inputs)
            {
                if (other.Name == input.Name)
                    throw new RequestException($"input '{input.Name}' appears twice");
            }
            inputs.Add(input);
        }
        return inputs;
    }

    private static InputDraft ReadInput(ref Utf8JsonReader reader, int index, int jsonLength)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new RequestException($"input #{index + 1} must be a JSON object");
        string? name = null;
        long[]? shape = null;
        TensorType? type = null;
        long? binarySize = null;
        Array? data = null;
        var deferred = default(Utf8JsonReader);
        var hasDeferred = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new RequestException($"input #{index + 1}: \"name\" must be a string");
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shape = ReadShape(ref reader, Label(name, index));
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                type = ReadDatatype(ref reader, Label(name, index));
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                binarySize = ReadBinaryDataSize(ref reader, Label(name, index));
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (shape is not null && type is { } known)
                {
                    data = ReadData(ref reader, known, shape, Label(name, index), jsonLength);
                }
                else
                {
                    // "data" before "shape"/"datatype": read it once both are known.
                    deferred = reader;
                    hasDeferred = true;
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        var label = Label(name, index);
        if (name is null)
            throw new RequestException($"input #{index + 1} has no \"name\"");
        if (shape is null)
            throw new RequestException($"{label} has no \"shape\"");
        if (type is not { } datatype)
            throw new RequestException($"{label} has no \"datatype\"");
        var hasData = data is not null || hasDeferred;
        if (binarySize is not null && hasData)
            throw new RequestException($"{label} has both \"data\" and the binary_data_size parameter; send one");
        if (binarySize is null && !hasData)
            throw new RequestException($"{label} has no \"data\" and no binary_data_size parameter");
        if (hasDeferred)
            data = ReadData(ref deferred, datatype, shape, label, jsonLength);
        return new InputDraft(name, datatype, shape, data, binarySize);
    }

    private static string Label(string? name, int index) => name is null ? $"input #{index + 1}" : $"input '{name}'";

    private static long[] ReadShape(ref Utf8JsonReader reader, string label)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new RequestException($"{label}: \"shape\" must be an array of integers");
        var dims = new List<long>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dim))
                throw new RequestException($"{label}: \"shape\" must be an array of integers");
            if (dim < 0)
                throw new RequestException($"{label}: shape dimension {dim} is negative");
            dims.Add(dim);
        }
        if (Shapes.ElementCount(dims.ToArray()) < 0)
            throw new RequestException($"{label}: shape [{string.Join(',', dims)}] has too many elements");
        return [.. dims];
    }

    private static TensorType ReadDatatype(ref Utf8JsonReader reader, string label)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new RequestException($"{label}: \"datatype\" must be a string such as \"FP32\"");
        var text = reader.GetString()!;
        return TensorTypes.TryParseOip(text, out var type)
            ? type
            : throw new RequestException($"{label}: unknown datatype '{text}'; the protocol's datatypes are BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, BF16, FP32, FP64, BYTES");
    }

    private static long? ReadBinaryDataSize(ref Utf8JsonReader reader, string label)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new RequestException($"{label}: \"parameters\" must be an object");
        long? size = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSize = reader.ValueTextEquals("binary_data_size"u8);
            reader.Read();
            if (!isSize)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
                throw new RequestException($"{label}: binary_data_size must be a non-negative integer");
            size = value;
        }
        return size;
    }

    private static bool ReadBoolParameter(ref Utf8JsonReader reader, ReadOnlySpan<byte> parameter, string where)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new RequestException($"{where} must be an object");
        var value = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(parameter);
            reader.Read();
            if (!matches)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                throw new RequestException($"{where}: {System.Text.Encoding.UTF8.GetString(parameter)} must be true or false");
            value = reader.TokenType == JsonTokenType.True;
        }
        return value;
    }

    private static List<RequestedOutput> ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new RequestException("\"outputs\" must be an array of objects with a \"name\"");
        var outputs = new List<RequestedOutput>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new RequestException("\"outputs\" must be an array of objects with a \"name\"");
            string? name = null;
            var binary = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    name = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new RequestException($"output #{outputs.Count + 1}: \"name\" must be a string");
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    binary = ReadBoolParameter(ref reader, "binary_data"u8, $"the parameters of output #{outputs.Count + 1}");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            outputs.Add(new RequestedOutput(name ?? throw new RequestException($"output #{outputs.Count + 1} has no \"name\""), binary));
        }
        return outputs;
    }

    private static Array ReadData(ref Utf8JsonReader reader, TensorType type, long[] shape, string label, int jsonLength)
    {
        var count = Shapes.ElementCount(shape);
        // Every JSON element takes at least one byte: a larger count cannot match and is not allocated.
        if (count > jsonLength)
            throw new RequestException($"{label}: shape [{string.Join(',', shape)}] needs {count} elements, more than the {jsonLength}-byte JSON can hold");
        try
        {
            return type switch
            {
                TensorType.Bool => ReadElements<bool, BoolParser>(ref reader, count, shape, type, label),
                TensorType.Uint8 => ReadElements<byte, Uint8Parser>(ref reader, count, shape, type, label),
                TensorType.Uint16 => ReadElements<ushort, Uint16Parser>(ref reader, count, shape, type, label),
                TensorType.Uint32 => ReadElements<uint, Uint32Parser>(ref reader, count, shape, type, label),
                TensorType.Uint64 => ReadElements<ulong, Uint64Parser>(ref reader, count, shape, type, label),
                TensorType.Int8 => ReadElements<sbyte, Int8Parser>(ref reader, count, shape, type, label),
                TensorType.Int16 => ReadElements<short, Int16Parser>(ref reader, count, shape, type, label),
                TensorType.Int32 => ReadElements<int, Int32Parser>(ref reader, count, shape, type, label),
                TensorType.Int64 => ReadElements<long, Int64Parser>(ref reader, count, shape, type, label),
                TensorType.Fp16 => ReadElements<Half, Fp16Parser>(ref reader, count, shape, type, label),
                TensorType.Bf16 => ReadElements<ushort, Bf16Parser>(ref reader, count, shape, type, label),
                TensorType.Fp32 => ReadElements<float, Fp32Parser>(ref reader, count, shape, type, label),
                TensorType.Fp64 => ReadElements<double, Fp64Parser>(ref reader, count, shape, type, label),
                TensorType.Bytes => ReadElements<byte[], BytesParser>(ref reader, count, shape, type, label),
                _ => throw new RequestException($"{label}: datatype {type} is not supported"),
            };
        }
        catch (JsonException e)
        {
            throw new RequestException(
                $"{label}: \"data\" is not valid JSON ({e.Message}); NaN and infinities are not JSON numbers: " +
                "write them as the strings \"NaN\", \"Infinity\", \"-Infinity\" or send the tensor as binary data");
        }
    }

    /// <summary>Reads flat or nested arrays (row-major) into an array of <paramref name="count"/> elements.</summary>
    private static T[] ReadElements<T, TParser>(ref Utf8JsonReader reader, long count, long[] shape, TensorType type, string label)
        where TParser : IElementParser<T>
    {
        var data = new T[count];
        long at = 0;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Store<T, TParser>(ref reader, data, ref at, type, label);
        }
        else
        {
            var depth = 0;
            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    default:
                        Store<T, TParser>(ref reader, data, ref at, type, label);
                        break;
                }
            }
            while (depth > 0 && reader.Read());
        }
        if (at != count)
            throw new RequestException($"{label}: shape [{string.Join(',', shape)}] needs {count} elements but \"data\" has {at}");
        return data;
    }

    private static void Store<T, TParser>(ref Utf8JsonReader reader, T[] data, ref long at, TensorType type, string label)
        where TParser : IElementParser<T>
    {
        if (!TParser.TryRead(ref reader, out var value))
            throw new RequestException($"{label}: element {at} is not a valid {TensorTypes.ToOip(type)} value{Hint(type)}");
        if (at < data.Length)
            data[at] = value;
        at++;
    }

    private static string Hint(TensorType type) => type switch
    {
        TensorType.Bool => " (true or false)",
        TensorType.Bytes => " (a string)",
        TensorType.Fp16 or TensorType.Bf16 or TensorType.Fp32 or TensorType.Fp64 => " (a number in range, or \"NaN\", \"Infinity\", \"-Infinity\")",
        _ => " (an integer in range)",
    };

    private static Tensor[] ResolveBinary(List<InputDraft> inputs, ReadOnlySpan<byte> binary, bool hasBinary)
    {
        var tensors = new Tensor[inputs.Count];
        var offset = 0L;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var data = input.Data;
            if (input.BinarySize is { } size)
            {
                if (!hasBinary)
                    throw new RequestException($"input '{input.Name}' has binary_data_size but the request has no Inference-Header-Content-Length header");
                if (offset + size > binary.Length)
                    throw new RequestException($"input '{input.Name}': binary_data_size {size} goes past the end of the body ({binary.Length - offset} bytes left)");
                data = ReadBinary(binary.Slice((int)offset, (int)size), input);
                offset += size;
            }
            tensors[i] = new Tensor(input.Name, input.Type, input.Shape, data!);
        }
        if (offset != binary.Length)
            throw new RequestException($"the body has {binary.Length - offset} bytes after the JSON that no input's binary_data_size claims");
        return tensors;
    }

    private static Array ReadBinary(ReadOnlySpan<byte> bytes, InputDraft input)
    {
        var count = Shapes.ElementCount(input.Shape);
        if (input.Type == TensorType.Bytes)
            return ReadBinaryStrings(bytes, count, input);
        var size = TensorTypes.ElementSize(input.Type);
        if (bytes.Length % size != 0 || count != bytes.Length / size)
            throw new RequestException($"input '{input.Name}': shape [{string.Join(',', input.Shape)}] of {TensorTypes.ToOip(input.Type)} needs {count} elements of {size} bytes but binary_data_size is {bytes.Length}");
        var data = TensorTypes.CreateArray(input.Type, (int)count);
        if (input.Type == TensorType.Bool)
        {
            // Any non-zero byte is true; a .NET bool must hold exactly 0 or 1.
            var flags = (bool[])data;
            for (var i = 0; i < flags.Length; i++)
                flags[i] = bytes[i] != 0;
            return data;
        }
        // The extension is little-endian, as are the machines Gantry runs on (x64, arm64).
        bytes.CopyTo(Shapes.RawBytes(data, size));
        return data;
    }

    private static byte[][] ReadBinaryStrings(ReadOnlySpan<byte> bytes, long count, InputDraft input)
    {
        if (count > bytes.Length / 4)
            throw new RequestException($"input '{input.Name}': binary_data_size {bytes.Length} cannot hold {count} length-prefixed BYTES elements");
        var data = new byte[count][];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - at < 4)
                throw new RequestException($"input '{input.Name}': the binary data ends inside element {i}");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
            at += 4;
            if (length > (uint)(bytes.Length - at))
                throw new RequestException($"input '{input.Name}': element {i} declares {length} bytes but only {bytes.Length - at} are left");
            data[i] = bytes.Slice(at, (int)length).ToArray();
            at += (int)length;
        }
        if (at != bytes.Length)
            throw new RequestException($"input '{input.Name}': {bytes.Length - at} bytes are left after its {count} BYTES elements");
        return data;
    }

    private sealed record InputDraft(string Name, TensorType Type, long[] Shape, Array? Data, long? BinarySize);
}

/// <summary>An invalid request, raised while reading and returned as an Invalid error.</summary>
internal sealed class RequestException(string message) : Exception(message);
