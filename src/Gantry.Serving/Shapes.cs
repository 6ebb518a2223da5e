using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gantry.Serving;

/// <summary>Element counts of shapes and raw views of tensor data.</summary>
internal static class Shapes
{
    /// <summary>The product of the dimensions, or -1 when one is negative or the product overflows.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
                return -1;
            if (dim != 0 && count > long.MaxValue / dim)
                return -1;
            count *= dim;
        }
        return count;
    }

    /// <summary>The bytes of a primitive array (not BYTES): its elements as they lie in memory.</summary>
    public static Span<byte> RawBytes(Array data, int elementSize) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), checked(data.Length * elementSize));

    /// <summary>True when both shapes agree beyond their first dimension.</summary>
    public static bool SameRowShape(long[] a, long[] b)
    {
        if (a.Length != b.Length)
            return false;
        for (var i = 1; i < a.Length; i++)
        {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RowElements(long[] shape)
    {
        long count = 1;
        for (var i = 1; i < shape.Length; i++)
            count *= shape[i];
        return count;
    }
}
