namespace Gantry.Serving;

/// <summary>The protocol's datatype names ("FP32", "INT64", "BYTES", ...) and element sizes.</summary>
public static class TensorTypes
{
    private static readonly string[] Names =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "BF16", "FP32", "FP64", "BYTES"];

    private static readonly int[] Sizes = [1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 2, 4, 8, 0];

    public static string ToOip(TensorType type) => Names[(int)type];

    public static bool TryParseOip(string name, out TensorType type)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                type = (TensorType)i;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>Bytes per element in memory and in the binary extension; 0 for BYTES (variable length).</summary>
    public static int ElementSize(TensorType type) => Sizes[(int)type];

    /// <summary>A zeroed array of <paramref name="length"/> elements of the .NET type <see cref="Tensor.Data"/> uses for <paramref name="type"/>.</summary>
    public static Array CreateArray(TensorType type, int length) => type switch
    {
        TensorType.Bool => new bool[length],
        TensorType.Uint8 => new byte[length],
        TensorType.Uint16 or TensorType.Bf16 => new ushort[length],
        TensorType.Uint32 => new uint[length],
        TensorType.Uint64 => new ulong[length],
        TensorType.Int8 => new sbyte[length],
        TensorType.Int16 => new short[length],
        TensorType.Int32 => new int[length],
        TensorType.Int64 => new long[length],
        TensorType.Fp16 => new Half[length],
        TensorType.Fp32 => new float[length],
        TensorType.Fp64 => new double[length],
        TensorType.Bytes => CreateBytes(length),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>True when <paramref name="data"/> is exactly the array type <see cref="Tensor.Data"/> uses for <paramref name="type"/> (compared by type: an sbyte[] passes <c>is byte[]</c>).</summary>
    public static bool Matches(TensorType type, Array data) => type switch
    {
        TensorType.Bool => data.GetType() == typeof(bool[]),
        TensorType.Uint8 => data.GetType() == typeof(byte[]),
        TensorType.Uint16 or TensorType.Bf16 => data.GetType() == typeof(ushort[]),
        TensorType.Uint32 => data.GetType() == typeof(uint[]),
        TensorType.Uint64 => data.GetType() == typeof(ulong[]),
        TensorType.Int8 => data.GetType() == typeof(sbyte[]),
        TensorType.Int16 => data.GetType() == typeof(short[]),
        TensorType.Int32 => data.GetType() == typeof(int[]),
        TensorType.Int64 => data.GetType() == typeof(long[]),
        TensorType.Fp16 => data.GetType() == typeof(Half[]),
        TensorType.Fp32 => data.GetType() == typeof(float[]),
        TensorType.Fp64 => data.GetType() == typeof(double[]),
        TensorType.Bytes => data.GetType() == typeof(byte[][]),
        _ => false,
    };

    private static byte[][] CreateBytes(int length)
    {
        var array = new byte[length][];
        Array.Fill(array, Array.Empty<byte>());
        return array;
    }
}
