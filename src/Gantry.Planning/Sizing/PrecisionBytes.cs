using Gantry.Planning.Plans;

namespace Gantry.Planning.Sizing;

/// <summary>Bytes per stored value for each number format.</summary>
internal static class PrecisionBytes
{
    public static double Of(NumericPrecision precision) => precision switch
    {
        NumericPrecision.Bf16 or NumericPrecision.Fp16 => 2,
        NumericPrecision.Fp8 or NumericPrecision.Int8 => 1,
        // 4-bit weights plus one fp16 scale per group of 128 (GPTQ, AWQ defaults).
        NumericPrecision.Int4 => 0.5 + (2.0 / 128),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    public static string Name(NumericPrecision precision) => precision.ToString().ToLowerInvariant();
}
