namespace Gantry.Serving;

/// <summary>The tensor datatypes of the Open Inference Protocol (its names are in <see cref="TensorTypes"/>).</summary>
public enum TensorType
{
    Bool,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Int8,
    Int16,
    Int32,
    Int64,
    Fp16,
    Bf16,
    Fp32,
    Fp64,
    Bytes,
}
