using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Gantry.Serving.Oip;

/// <summary>
/// Writes an Open Inference Protocol response with <see cref="Utf8JsonWriter"/>. Outputs asked for as binary
/// data follow the JSON (little-endian, BYTES length-prefixed). In JSON, floating-point values that JSON numbers
/// cannot write (NaN, ±infinity) are the strings "NaN", "Infinity", "-Infinity", so the body stays valid JSON;
/// Triton writes bare NaN/Infinity tokens, which strict JSON parsers reject. BYTES that are not UTF-8 are written
/// with replacement characters in JSON: ask for binary data to get them exactly.
/// </summary>
internal static class ResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static Utf8JsonWriter? _cached;

    public static int? Write(IBufferWriter<byte> output, InferResponse response, InferRequest request)
    {
        var binary = new bool[response.Outputs.Count];
        var anyBinary = false;
        for (var i = 0; i < binary.Length; i++)
        {
            binary[i] = WantsBinary(request, response.Outputs[i].Name);
            anyBinary |= binary[i];
        }

        var writer = _cached ??= new Utf8JsonWriter(output, Options);
        writer.Reset(output);
        int jsonLength;
        try
        {
            writer.WriteStartObject();
            writer.WriteString("model_name"u8, response.ModelName);
            writer.WriteString("model_version"u8, response.ModelVersion);
            if (response.Id is not null)
                writer.WriteString("id"u8, response.Id);
            writer.WriteStartArray("outputs"u8);
            for (var i = 0; i < binary.Length; i++)
                WriteOutput(writer, response.Outputs[i], binary[i]);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            jsonLength = checked((int)writer.BytesCommitted);
        }
        finally
        {
            writer.Reset();
        }
        if (!anyBinary)
            return null;
        for (var i = 0; i < binary.Length; i++)
        {
            if (binary[i])
                WriteBinary(output, response.Outputs[i]);
        }
        return jsonLength;
    }

    private static bool WantsBinary(InferRequest request, string name)
    {
        if (request.Outputs is { } outputs)
        {
            foreach (var requested in outputs)
            {
                if (requested.Name == name)
                    return requested.BinaryData || request.BinaryDataOutput;
            }
        }
        return request.BinaryDataOutput;
    }

    private static void WriteOutput(Utf8JsonWriter writer, Tensor tensor, bool binary)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, tensor.Name);
        writer.WriteString("datatype"u8, TensorTypes.ToOip(tensor.Datatype));
        writer.WriteStartArray("shape"u8);
        foreach (var dim in tensor.Shape)
            writer.WriteNumberValue(dim);
        writer.WriteEndArray();
        if (binary)
        {
            writer.WriteStartObject("parameters"u8);
            writer.WriteNumber("binary_data_size"u8, BinarySize(tensor));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartArray("data"u8);
            WriteElements(writer, tensor);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    // Switch on the datatype, not the array's type: the runtime lets an sbyte[] pass as a byte[] (and int[] as
    // uint[], ...), so a type switch would print negative integers as unsigned.
    private static void WriteElements(Utf8JsonWriter writer, Tensor tensor)
    {
        var data = tensor.Data;
        switch (tensor.Datatype)
        {
            case TensorType.Bool:
                foreach (var value in (bool[])data)
                    writer.WriteBooleanValue(value);
                break;
            case TensorType.Uint8:
                foreach (var value in (byte[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Bf16:
                foreach (var value in (ushort[])data)
                    WriteFloat(writer, Bf16Parser.ToSingle(value));
                break;
            case TensorType.Uint16:
                foreach (var value in (ushort[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Uint32:
                foreach (var value in (uint[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Uint64:
                foreach (var value in (ulong[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Int8:
                foreach (var value in (sbyte[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Int16:
                foreach (var value in (short[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Int32:
                foreach (var value in (int[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Int64:
                foreach (var value in (long[])data)
                    writer.WriteNumberValue(value);
                break;
            case TensorType.Fp16:
                foreach (var value in (Half[])data)
                    WriteFloat(writer, (float)value);
                break;
            case TensorType.Fp32:
                foreach (var value in (float[])data)
                    WriteFloat(writer, value);
                break;
            case TensorType.Fp64:
                foreach (var value in (double[])data)
                {
                    if (double.IsFinite(value))
                        writer.WriteNumberValue(value);
                    else
                        WriteNonFinite(writer, double.IsNaN(value), value > 0);
                }
                break;
            case TensorType.Bytes:
                foreach (var value in (byte[][])data)
                {
                    if (Utf8.IsValid(value))
                        writer.WriteStringValue(value);
                    else
                        writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(value));
                }
                break;
            default:
                throw new InvalidOperationException($"output '{tensor.Name}' holds {tensor.Data.GetType().Name}, not the array type of {tensor.Datatype}");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            WriteNonFinite(writer, float.IsNaN(value), value > 0);
    }

    private static void WriteNonFinite(Utf8JsonWriter writer, bool nan, bool positive) =>
        writer.WriteStringValue(nan ? "NaN"u8 : positive ? "Infinity"u8 : "-Infinity"u8);

    private static long BinarySize(Tensor tensor)
    {
        if (tensor.Data is not byte[][] strings)
            return (long)tensor.Data.Length * TensorTypes.ElementSize(tensor.Datatype);
        var size = 0L;
        foreach (var value in strings)
            size += 4 + value.Length;
        return size;
    }

    private static void WriteBinary(IBufferWriter<byte> output, Tensor tensor)
    {
        if (tensor.Data is byte[][] strings)
        {
            foreach (var value in strings)
            {
                var span = output.GetSpan(4 + value.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value.Length);
                value.CopyTo(span[4..]);
                output.Advance(4 + value.Length);
            }
            return;
        }
        ReadOnlySpan<byte> bytes = Shapes.RawBytes(tensor.Data, TensorTypes.ElementSize(tensor.Datatype));
        while (bytes.Length > 0)
        {
            var span = output.GetSpan(Math.Min(bytes.Length, 1 << 16));
            var chunk = Math.Min(span.Length, bytes.Length);
            bytes[..chunk].CopyTo(span);
            output.Advance(chunk);
            bytes = bytes[chunk..];
        }
    }
}
