namespace Gantry.Storage.Blobs;

/// <summary>
/// The 256 random 64-bit values of the gear hash. They are part of the chunk format: changing one
/// moves every chunk boundary, so they come from a fixed SplitMix64 sequence, never from a random source.
/// </summary>
internal static class GearTable
{
    private const ulong Seed = 0x6761_6E74_7279_3031; // "gantry01"

    public static readonly ulong[] Values = Create();

    private static ulong[] Create()
    {
        var values = new ulong[256];
        var state = Seed;
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E37_79B9_7F4A_7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            values[i] = z ^ (z >> 31);
        }

        return values;
    }
}
