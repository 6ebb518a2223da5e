using System.Globalization;
using System.Text;
using Gantry.Core.Api.Data;

namespace Gantry.Server.Data.Formats;

/// <summary>
/// Reads just enough of an ONNX ModelProto to confirm it is one and to extract its signature: the graph's inputs
/// (less those that are initializers, as older exporters list weights among the inputs) and outputs, with element
/// types and shapes. Weights are skipped, not read. Field numbers are those of onnx/onnx.proto3.
/// </summary>
internal static class OnnxReader
{
    private const int MaxSmallMessage = 1 << 20;

    // ModelProto
    private const int IrVersion = 1;
    private const int ProducerName = 2;
    private const int ProducerVersion = 3;
    private const int Graph = 7;
    private const int OpsetImport = 8;
    private static readonly HashSet<int> ModelFields = [1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25, 26];

    // GraphProto
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;

    // TensorProto.name
    private const int TensorName = 8;

    private static readonly string[] ElementTypes =
    [
        "undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool", "float16",
        "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16", "float8e4m3fn", "float8e4m3fnuz",
        "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1",
    ];

    /// <summary>The signature and details of an ONNX model, or null when the bytes are not one.</summary>
    public static async Task<(ModelSignature Signature, Dictionary<string, string> Details)?> ReadAsync(IRandomAccess source, CancellationToken cancellationToken)
    {
        try
        {
            return await ParseAsync(new ProtoScanner(source), cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static async Task<(ModelSignature, Dictionary<string, string>)?> ParseAsync(ProtoScanner scanner, CancellationToken cancellationToken)
    {
        ulong? irVersion = null;
        ProtoField? graph = null;
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        var opsets = new List<string>();
        await foreach (var field in scanner.FieldsAsync(0, scanner.Length, cancellationToken))
        {
            if (!ModelFields.Contains(field.Number))
                return null; // not a ModelProto: its fields are few and known
            var expected = field.Number == IrVersion || field.Number == 5 ? ProtoField.Varint : ProtoField.LengthDelimited;
            if (field.WireType != expected)
                return null;
            switch (field.Number)
            {
                case IrVersion:
                    irVersion = field.Value;
                    break;
                case Graph:
                    graph = field;
                    break;
                case ProducerName:
                    details["producer"] = Utf8(await scanner.BytesAsync(field, 4096, cancellationToken));
                    break;
                case ProducerVersion:
                    details["producer_version"] = Utf8(await scanner.BytesAsync(field, 4096, cancellationToken));
                    break;
                case OpsetImport:
                    opsets.Add(Opset(await scanner.BytesAsync(field, 4096, cancellationToken)));
                    break;
            }
        }

        if (irVersion is not (>= 1 and <= 64) || graph is not { } g)
            return null;
        details["ir_version"] = irVersion.Value.ToString(CultureInfo.InvariantCulture);
        if (opsets.Count > 0)
            details["opset"] = string.Join(',', opsets);

        var initializers = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new List<byte[]>();
        var outputs = new List<byte[]>();
        await foreach (var field in scanner.FieldsAsync(g.Start, g.End, cancellationToken))
        {
            if (field.WireType != ProtoField.LengthDelimited)
                continue;
            switch (field.Number)
            {
                case GraphInput:
                    inputs.Add(await scanner.BytesAsync(field, MaxSmallMessage, cancellationToken));
                    break;
                case GraphOutput:
                    outputs.Add(await scanner.BytesAsync(field, MaxSmallMessage, cancellationToken));
                    break;
                case GraphInitializer:
                    await foreach (var tensorField in scanner.FieldsAsync(field.Start, field.End, cancellationToken))
                    {
                        if (tensorField.Number == TensorName && tensorField.WireType == ProtoField.LengthDelimited)
                            initializers.Add(Utf8(await scanner.BytesAsync(tensorField, 4096, cancellationToken)));
                    }

                    break;
            }
        }

        var signature = new ModelSignature(
            inputs.Select(ValueInfo).Where(t => !initializers.Contains(t.Name)).ToArray(),
            outputs.Select(ValueInfo).ToArray());
        return (signature, details);
    }

    // ValueInfoProto { name = 1; type = 2 } ; TypeProto { tensor_type = 1; sequence_type = 4; map_type = 5; optional_type = 9; sparse_tensor_type = 8 }
    private static TensorSpec ValueInfo(byte[] bytes)
    {
        var reader = new ProtoSpanReader(bytes);
        var name = "";
        var element = "?";
        var shape = new List<string>();
        while (reader.Next(out var number, out var wire, out _, out var payload))
        {
            if (number == 1 && wire == ProtoField.LengthDelimited)
                name = Utf8(payload);
            else if (number == 2 && wire == ProtoField.LengthDelimited)
                (element, shape) = TypeOf(payload);
        }

        return new TensorSpec(name, element, shape);
    }

    private static (string Element, List<string> Shape) TypeOf(ReadOnlySpan<byte> type)
    {
        var reader = new ProtoSpanReader(type);
        while (reader.Next(out var number, out var wire, out _, out var payload))
        {
            if (wire != ProtoField.LengthDelimited)
                continue;
            switch (number)
            {
                case 1:
                case 8:
                    return Tensor(payload, number == 8 ? "sparse " : "");
                case 4:
                    return ("sequence", []);
                case 5:
                    return ("map", []);
                case 9:
                    return ("optional", []);
            }
        }

        return ("?", []);
    }

    // TypeProto.Tensor { elem_type = 1; shape = 2 } ; TensorShapeProto { dim = 1 } ; Dimension { dim_value = 1; dim_param = 2 }
    private static (string Element, List<string> Shape) Tensor(ReadOnlySpan<byte> tensor, string prefix)
    {
        var reader = new ProtoSpanReader(tensor);
        var element = "?";
        var shape = new List<string>();
        while (reader.Next(out var number, out var wire, out var value, out var payload))
        {
            if (number == 1 && wire == ProtoField.Varint)
                element = prefix + (value < (ulong)ElementTypes.Length ? ElementTypes[value] : $"type{value}");
            else if (number == 2 && wire == ProtoField.LengthDelimited)
                shape = Shape(payload);
        }

        return (element, shape);
    }

    private static List<string> Shape(ReadOnlySpan<byte> shape)
    {
        var dims = new List<string>();
        var reader = new ProtoSpanReader(shape);
        while (reader.Next(out var number, out var wire, out _, out var payload))
        {
            if (number != 1 || wire != ProtoField.LengthDelimited)
                continue;
            var dim = "?";
            var dimension = new ProtoSpanReader(payload);
            while (dimension.Next(out var n, out var w, out var v, out var p))
            {
                if (n == 1 && w == ProtoField.Varint)
                    dim = ((long)v).ToString(CultureInfo.InvariantCulture);
                else if (n == 2 && w == ProtoField.LengthDelimited && p.Length > 0)
                    dim = Utf8(p);
            }

            dims.Add(dim);
        }

        return dims;
    }

    // OperatorSetIdProto { domain = 1; version = 2 }
    private static string Opset(byte[] bytes)
    {
        var reader = new ProtoSpanReader(bytes);
        var domain = "";
        ulong version = 0;
        while (reader.Next(out var number, out var wire, out var value, out var payload))
        {
            if (number == 1 && wire == ProtoField.LengthDelimited)
                domain = Utf8(payload);
            else if (number == 2 && wire == ProtoField.Varint)
                version = value;
        }

        return (domain.Length == 0 ? "ai.onnx" : domain) + ":" + version.ToString(CultureInfo.InvariantCulture);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static string Utf8(ReadOnlySpan<byte> bytes) => StrictUtf8.GetString(bytes);
}
