using System.Buffers.Binary;
using System.Text;

namespace Gantry.Serving.Tests;

/// <summary>
/// Test models written as ONNX protobuf by hand (ModelProto, IR 8, opset 17): no Python, no ONNX package. Shared
/// by the serving tests, the integration tests and the benchmarks (linked as a source file), so it depends on
/// nothing but the base library. Weights are deterministic, so tests can compute the expected answers.
/// </summary>
public static class OnnxModels
{
    // onnx.TensorProto.DataType
    private const int Float = 1;
    private const int Uint8 = 2;
    private const int Int8 = 3;
    private const int Uint16 = 4;
    private const int Int16 = 5;
    private const int Int32 = 6;
    private const int Int64 = 7;
    private const int String = 8;
    private const int Bool = 9;
    private const int Float16 = 10;
    private const int Double = 11;
    private const int Uint32 = 12;
    private const int Uint64 = 13;
    private const int Bfloat16 = 16;

    /// <summary>The datatypes of <see cref="AllTypes"/>: protocol name and ONNX element type; inputs are "{name}_in", outputs "{name}_out" (lower case).</summary>
    public static readonly IReadOnlyList<(string Datatype, int OnnxType)> Datatypes =
    [
        ("BOOL", Bool), ("UINT8", Uint8), ("UINT16", Uint16), ("UINT32", Uint32), ("UINT64", Uint64),
        ("INT8", Int8), ("INT16", Int16), ("INT32", Int32), ("INT64", Int64),
        ("FP16", Float16), ("BF16", Bfloat16), ("FP32", Float), ("FP64", Double), ("BYTES", String),
    ];

    /// <summary>y = x·W + b: input "x" FP32 [N, inputs], output "y" FP32 [N, outputs]; W and b from <see cref="LinearWeight"/>.</summary>
    public static byte[] Linear(int inputs, int outputs)
    {
        var w = new float[inputs * outputs];
        for (var i = 0; i < inputs; i++)
        {
            for (var j = 0; j < outputs; j++)
                w[i * outputs + j] = LinearWeight(i, j);
        }
        var b = new float[outputs];
        for (var j = 0; j < outputs; j++)
            b[j] = LinearBias(j);
        var graph = new Proto()
            .Message(1, Node("matmul", "MatMul", ["x", "W"], ["h"]))
            .Message(1, Node("add", "Add", ["h", "B"], ["y"]))
            .String(2, "linear")
            .Message(5, Initializer("W", [inputs, outputs], w))
            .Message(5, Initializer("B", [outputs], b))
            .Message(11, ValueInfo("x", Float, ["N", inputs]))
            .Message(12, ValueInfo("y", Float, ["N", outputs]));
        return Model(graph);
    }

    public static float LinearWeight(int input, int output) => ((input * 31 + output * 17) % 13 - 6) / 8f;

    public static float LinearBias(int output) => output / 10f;

    /// <summary>What <see cref="Linear"/> answers for rows of <paramref name="x"/> (row-major, <paramref name="inputs"/> wide), up to rounding.</summary>
    public static float[] LinearReference(float[] x, int inputs, int outputs)
    {
        var rows = x.Length / inputs;
        var y = new float[rows * outputs];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < outputs; j++)
            {
                var sum = 0f;
                for (var i = 0; i < inputs; i++)
                    sum += x[r * inputs + i] * LinearWeight(i, j);
                y[r * outputs + j] = sum + LinearBias(j);
            }
        }
        return y;
    }

    /// <summary>
    /// A multi-layer perceptron: MatMul + Add per layer, Relu between layers; input "x" FP32 [N, layers[0]], output
    /// "y" FP32 [N, layers[^1]]. Weights uniform in ±1/√fan-in from <paramref name="seed"/>. Mlp([1024, 2048, 2048,
    /// 1024, 10], 1) has 8.4 million parameters (34 MB).
    /// </summary>
    public static byte[] Mlp(int[] layers, int seed)
    {
        var random = new Random(seed);
        var graph = new Proto().String(2, "mlp");
        var previous = "x";
        for (var l = 0; l + 1 < layers.Length; l++)
        {
            var (fanIn, fanOut) = (layers[l], layers[l + 1]);
            var scale = 1f / MathF.Sqrt(fanIn);
            var w = new float[fanIn * fanOut];
            for (var i = 0; i < w.Length; i++)
                w[i] = (random.NextSingle() * 2 - 1) * scale;
            var b = new float[fanOut];
            for (var i = 0; i < b.Length; i++)
                b[i] = (random.NextSingle() * 2 - 1) * scale;
            var last = l + 2 == layers.Length;
            var sum = last ? "y" : $"a{l}";
            graph.Message(1, Node($"matmul{l}", "MatMul", [previous, $"W{l}"], [$"m{l}"]))
                .Message(1, Node($"add{l}", "Add", [$"m{l}", $"B{l}"], [sum]))
                .Message(5, Initializer($"W{l}", [fanIn, fanOut], w))
                .Message(5, Initializer($"B{l}", [fanOut], b));
            previous = sum;
            if (!last)
            {
                graph.Message(1, Node($"relu{l}", "Relu", [sum], [$"r{l}"]));
                previous = $"r{l}";
            }
        }
        graph.Message(11, ValueInfo("x", Float, ["N", layers[0]]))
            .Message(12, ValueInfo("y", Float, ["N", layers[^1]]));
        return Model(graph);
    }

    /// <summary>
    /// Every datatype ONNX Runtime and the protocol share, through Identity: "{type}_in" → "{type}_out", each
    /// [N, 2]; plus "int64_as_fp32", a Cast of "int64_in" to FP32.
    /// </summary>
    public static byte[] AllTypes()
    {
        var graph = new Proto().String(2, "all_types");
        foreach (var (datatype, onnxType) in Datatypes)
        {
            var name = datatype.ToLowerInvariant();
            graph.Message(1, Node($"identity_{name}", "Identity", [$"{name}_in"], [$"{name}_out"]))
                .Message(11, ValueInfo($"{name}_in", onnxType, ["N", 2]))
                .Message(12, ValueInfo($"{name}_out", onnxType, ["N", 2]));
        }
        graph.Message(1, Node("cast", "Cast", ["int64_in"], ["int64_as_fp32"], new Proto().String(1, "to").Varint(3, Float).Varint(20, 2)))
            .Message(12, ValueInfo("int64_as_fp32", Float, ["N", 2]));
        return Model(graph);
    }

    /// <summary>Relu of "x" FP32 [N, M] into "y" FP32 [N, M]: both dimensions free.</summary>
    public static byte[] Relu()
    {
        var graph = new Proto()
            .String(2, "relu")
            .Message(1, Node("relu", "Relu", ["x"], ["y"]))
            .Message(11, ValueInfo("x", Float, ["N", "M"]))
            .Message(12, ValueInfo("y", Float, ["N", "M"]));
        return Model(graph);
    }

    /// <summary>
    /// Sums the rows: input "x" FP32 [N, columns], output "sum" FP32 declared ["N", columns] but really [1, columns],
    /// a model whose outputs do not follow its input rows (batching must fall back to one request at a time).
    /// </summary>
    public static byte[] SumRows(int columns)
    {
        var graph = new Proto()
            .String(2, "sum_rows")
            .Message(1, Node("reduce", "ReduceSum", ["x", "axes"], ["sum"], new Proto().String(1, "keepdims").Varint(3, 1).Varint(20, 2)))
            .Message(5, Initializer("axes", [1], [0L]))
            .Message(11, ValueInfo("x", Float, ["N", columns]))
            .Message(12, ValueInfo("sum", Float, ["N", columns]));
        return Model(graph);
    }

    /// <summary>Writes a model to a new file under <paramref name="directory"/> (the temp folder by default) and returns its path.</summary>
    public static string Write(byte[] model, string? directory = null)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"gantry-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        return path;
    }

    private static byte[] Model(Proto graph) => new Proto()
        .Varint(1, 8)
        .String(2, "gantry-tests")
        .Message(7, graph)
        .Message(8, new Proto().Varint(2, 17))
        .ToArray();

    private static Proto Node(string name, string op, string[] inputs, string[] outputs, Proto? attribute = null)
    {
        var node = new Proto();
        foreach (var input in inputs)
            node.String(1, input);
        foreach (var output in outputs)
            node.String(2, output);
        node.String(3, name).String(4, op);
        if (attribute is not null)
            node.Message(5, attribute);
        return node;
    }

    private static Proto Initializer(string name, long[] dims, float[] values)
    {
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        return Tensor(name, dims, Float, raw);
    }

    private static Proto Initializer(string name, long[] dims, long[] values)
    {
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        return Tensor(name, dims, Int64, raw);
    }

    private static Proto Tensor(string name, long[] dims, int type, byte[] raw)
    {
        var tensor = new Proto();
        foreach (var dim in dims)
            tensor.Varint(1, dim);
        return tensor.Varint(2, type).String(8, name).Bytes(9, raw);
    }

    /// <summary>A tensor value's name, element type and shape; a string dimension is symbolic (any size).</summary>
    private static Proto ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new Proto();
        foreach (var dim in dims)
            shape.Message(1, dim is string symbol ? new Proto().String(2, symbol) : new Proto().Varint(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture)));
        var tensorType = new Proto().Varint(1, elementType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    /// <summary>Just enough protobuf: varints and length-delimited fields.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public Proto Varint(int field, long value)
        {
            Raw((ulong)field << 3);
            Raw((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Raw(((ulong)field << 3) | 2);
            Raw((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.WriteByte((byte)value);
        }
    }
}
