using Gantry.Planning.Catalogs;

namespace Gantry.Planning.Sizing;

/// <summary>The key/value cache of autoregressive decoding.</summary>
internal static class KvCache
{
    /// <summary>
    /// 2 (K and V) · layers · kv_heads · head_dim · bytes per value. Llama-2-7B in fp16: 2·32·32·128·2 = 512 KiB
    /// per token; Llama-3-70B with grouped-query attention (8 KV heads): 2·80·8·128·2 = 320 KiB.
    /// </summary>
    public static double BytesPerToken(ModelArchitecture a, double bytesPerValue) =>
        2.0 * a.Layers * a.KvHeads * a.HeadDim * bytesPerValue;

    /// <summary>Tokens a sequence keeps: a sliding attention window (Mistral 7B: 4,096) caps the cache.</summary>
    public static int CachedTokens(ModelArchitecture a, int context) =>
        a.SlidingWindow is { } window ? Math.Min(window, context) : context;
}
