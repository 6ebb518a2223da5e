namespace Gantry.Planning.Plans;

/// <summary>Number format of weights, KV cache or matrix multiplies.</summary>
public enum NumericPrecision
{
    /// <summary>bfloat16, 2 bytes.</summary>
    Bf16,

    /// <summary>IEEE half precision, 2 bytes.</summary>
    Fp16,

    /// <summary>8-bit float (E4M3/E5M2), 1 byte.</summary>
    Fp8,

    /// <summary>8-bit integer weights, 1 byte.</summary>
    Int8,

    /// <summary>4-bit integer weights with one fp16 scale per group of 128 (GPTQ/AWQ), about 0.52 bytes.</summary>
    Int4,
}
