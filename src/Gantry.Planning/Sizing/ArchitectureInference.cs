using Gantry.Planning.Catalogs;

namespace Gantry.Planning.Sizing;

/// <summary>A plausible transformer shape for a bare parameter count, and the parameter count of a shape.</summary>
internal static class ArchitectureInference
{
    /// <summary>
    /// GPT-3's proportions: N ≈ 12 · L · h² with h ≈ 128 · L (175B: h = 12,288, L = 96), heads of 128, a 4h MLP,
    /// a 32,000-token vocabulary, 2,048 tokens of context. Hidden sizes are rounded to 1,024 so that 8-way tensor
    /// parallelism divides the heads.
    /// </summary>
    public static ModelArchitecture FromParams(double parameters)
    {
        var hidden = Math.Max(1024, (int)Math.Round(Math.Cbrt(128 * parameters / 12) / 1024) * 1024);
        var layers = Math.Max(1, (int)Math.Round(parameters / (12.0 * hidden * hidden)));
        return new ModelArchitecture
        {
            Name = "inferred",
            Params = parameters,
            Layers = layers,
            Hidden = hidden,
            Heads = hidden / 128,
            KvHeads = hidden / 128,
            HeadDim = 128,
            Vocab = 32000,
            Ffn = 4 * hidden,
            Context = 2048,
            TrainSeqLen = 2048,
            Source = "inferred from the parameter count with GPT-3's proportions (hidden ≈ 128 · layers, head_dim 128)",
        };
    }

    /// <summary>Parameters a shape implies: embeddings plus, per layer, the attention projections and MLP (norms and biases ignored).</summary>
    public static double EstimateParams(ModelArchitecture a)
    {
        double h = a.Hidden;
        var embeddings = a.Vocab * h * (a.TiedEmbeddings ? 1 : 2);
        var attention = 2 * h * a.AttentionDim + 2 * h * a.KvDim;
        var mlp = (a.GatedMlp ? 3 : 2) * h * a.Ffn * a.Experts + (a.Experts > 1 ? h * a.Experts : 0);
        return embeddings + a.Layers * (attention + mlp);
    }

    /// <summary>Parameters a token passes through: only its experts' MLPs in a mixture of experts.</summary>
    public static double EstimateActiveParams(ModelArchitecture a)
    {
        double h = a.Hidden;
        var embeddings = a.Vocab * h * (a.TiedEmbeddings ? 1 : 2);
        var attention = 2 * h * a.AttentionDim + 2 * h * a.KvDim;
        var mlp = (a.GatedMlp ? 3 : 2) * h * a.Ffn * a.ExpertsPerToken;
        return embeddings + a.Layers * (attention + mlp);
    }
}
