using Microsoft.ML.OnnxRuntime.Tensors;

namespace Gantry.Serving.Onnx;

/// <summary>ONNX Runtime element types and the protocol's datatypes, both ways.</summary>
internal static class OrtTypes
{
    public static bool TryFromOrt(TensorElementType ort, out TensorType type)
    {
        TensorType? mapped = ort switch
        {
            TensorElementType.Bool => TensorType.Bool,
            TensorElementType.UInt8 => TensorType.Uint8,
            TensorElementType.UInt16 => TensorType.Uint16,
            TensorElementType.UInt32 => TensorType.Uint32,
            TensorElementType.UInt64 => TensorType.Uint64,
            TensorElementType.Int8 => TensorType.Int8,
            TensorElementType.Int16 => TensorType.Int16,
            TensorElementType.Int32 => TensorType.Int32,
            TensorElementType.Int64 => TensorType.Int64,
            TensorElementType.Float16 => TensorType.Fp16,
            TensorElementType.BFloat16 => TensorType.Bf16,
            TensorElementType.Float => TensorType.Fp32,
            TensorElementType.Double => TensorType.Fp64,
            TensorElementType.String => TensorType.Bytes,
            _ => null,
        };
        type = mapped.GetValueOrDefault();
        return mapped.HasValue;
    }

    public static TensorElementType ToOrt(TensorType type) => type switch
    {
        TensorType.Bool => TensorElementType.Bool,
        TensorType.Uint8 => TensorElementType.UInt8,
        TensorType.Uint16 => TensorElementType.UInt16,
        TensorType.Uint32 => TensorElementType.UInt32,
        TensorType.Uint64 => TensorElementType.UInt64,
        TensorType.Int8 => TensorElementType.Int8,
        TensorType.Int16 => TensorElementType.Int16,
        TensorType.Int32 => TensorElementType.Int32,
        TensorType.Int64 => TensorElementType.Int64,
        TensorType.Fp16 => TensorElementType.Float16,
        TensorType.Bf16 => TensorElementType.BFloat16,
        TensorType.Fp32 => TensorElementType.Float,
        TensorType.Fp64 => TensorElementType.Double,
        TensorType.Bytes => TensorElementType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
