namespace Gantry.Planning.Sizing;

/// <summary>Training FLOPs and the time they take.</summary>
internal static class TrainingCompute
{
    /// <summary>
    /// 6 · N · D: a forward pass costs 2N FLOPs per token and the backward pass twice that (Kaplan et al. 2020,
    /// section 2.1; GPT-3 Table D.1: 175B on 300B tokens = 3.14e23).
    /// </summary>
    public static double SimpleFlops(double paramsPerToken, double tokens) => 6 * paramsPerToken * tokens;

    /// <summary>
    /// 6 · N · D + 12 · L · H · S · D: adds the attention scores and their use on the values, which grow with
    /// the sequence length S (Narayanan et al. 2021, eq. 3 without recomputation: 72·B·s·l·h²·(1 + s/6h + V/12lh)
    /// per batch; PaLM appendix B counts model FLOPs the same way, as 6N + 12·L·H·Q·T per token).
    /// H here is heads · head_dim, the attention width.
    /// </summary>
    public static double FlopsWithAttention(double paramsPerToken, double tokens, int layers, int attentionDim, int seqLen) =>
        SimpleFlops(paramsPerToken, tokens) + 12.0 * layers * attentionDim * seqLen * tokens;

    /// <summary>
    /// LoRA and QLoRA: frozen weights need no weight gradients, so the backward pass costs about half the full
    /// one: 4 · N · D plus attention (Hu et al. 2021 measured 25% higher throughput than full fine-tuning).
    /// </summary>
    public static double AdapterFlops(double paramsPerToken, double tokens, int layers, int attentionDim, int seqLen) =>
        4 * paramsPerToken * tokens + 12.0 * layers * attentionDim * seqLen * tokens;

    /// <summary>Seconds on <paramref name="gpus"/> GPUs at the given peak and model FLOPs utilisation.</summary>
    public static double Seconds(double flops, int gpus, double peakFlopsPerGpu, double mfu) =>
        flops / (gpus * peakFlopsPerGpu * mfu);
}
