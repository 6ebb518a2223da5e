using Gantry.Planning.Catalogs;

namespace Gantry.Server.Planning;

/// <summary>
/// Finds the planning-catalog GPU a device's model string names ("NVIDIA A100-SXM4-80GB" is A100-80GB,
/// "NVIDIA H100 PCIe" is H100-PCIe), so measured hardware can be planned for and priced.
/// </summary>
public static class GpuModelMatch
{
    private static readonly char[] Separators = [' ', '-', '_', '/', '(', ')', ','];

    /// <summary>
    /// The catalog GPU whose name or alias shares the most words with <paramref name="model"/> (its first word,
    /// the chip, must be there); ties go to the entry with fewer words left unmatched, then to the memory size
    /// nearer <paramref name="memoryBytes"/>. Null when no entry's chip appears in the model.
    /// </summary>
    public static GpuSpec? Find(PlanningCatalog catalog, string model, long memoryBytes)
    {
        var words = Words(model).ToHashSet(StringComparer.Ordinal);
        GpuSpec? best = null;
        (int Found, int Missing, double MemoryGap) bestScore = default;
        foreach (var gpu in catalog.Gpus)
        {
            foreach (var name in gpu.Aliases.Prepend(gpu.Name))
            {
                var parts = Words(name);
                if (parts.Length == 0 || !words.Contains(parts[0]))
                    continue;
                var found = parts.Count(words.Contains);
                var score = (found, parts.Length - found, memoryBytes > 0 ? Math.Abs(gpu.MemoryBytes - memoryBytes) : 0d);
                if (best is null || Better(score, bestScore))
                {
                    best = gpu;
                    bestScore = score;
                }
            }
        }

        return best;
    }

    private static bool Better((int Found, int Missing, double MemoryGap) a, (int Found, int Missing, double MemoryGap) b) =>
        a.Found != b.Found ? a.Found > b.Found
        : a.Missing != b.Missing ? a.Missing < b.Missing
        : a.MemoryGap < b.MemoryGap;

    private static string[] Words(string text) =>
        text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries);
}
