using Gantry.Planning.Catalogs;

namespace Gantry.Planning.Cost;

/// <summary>
/// Finds the catalog GPU behind a discovered model name ("NVIDIA H100 80GB HBM3" is H100-SXM): the longest catalog
/// name or alias that covers whole words of the model, ignoring case and separators. "NVIDIA L40" is not an L4.
/// </summary>
public static class CatalogGpuMatch
{
    public static GpuSpec? Find(PlanningCatalog catalog, string model)
    {
        var (compact, boundaries) = Words(model);
        GpuSpec? best = null;
        var bestLength = 0;
        foreach (var gpu in catalog.Gpus)
        {
            foreach (var name in gpu.Aliases.Prepend(gpu.Name))
            {
                var candidate = Words(name).Compact;
                if (candidate.Length > bestLength && CoversWords(compact, boundaries, candidate))
                {
                    best = gpu;
                    bestLength = candidate.Length;
                }
            }
        }

        return best;
    }

    /// <summary>Whether <paramref name="wanted"/> (a key from configuration) names <paramref name="model"/>: the model contains it, ignoring case, spaces, '-' and '_'.</summary>
    public static bool KeyMatches(string model, string wanted)
    {
        var want = Strip(wanted);
        return want.Length > 0 && Strip(model).Contains(want, StringComparison.Ordinal);
    }

    private static string Strip(string s) =>
        new(s.Where(c => c != ' ' && c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());

    private static bool CoversWords(string compact, HashSet<int> boundaries, string candidate)
    {
        if (candidate.Length == 0)
            return false;
        for (var at = compact.IndexOf(candidate, StringComparison.Ordinal); at >= 0; at = compact.IndexOf(candidate, at + 1, StringComparison.Ordinal))
        {
            if (boundaries.Contains(at) && boundaries.Contains(at + candidate.Length))
                return true;
        }

        return false;
    }

    private static (string Compact, HashSet<int> Boundaries) Words(string text)
    {
        var words = text.ToLowerInvariant().Split((char[])[' ', '-', '_', '/', '(', ')', ',', '.'], StringSplitOptions.RemoveEmptyEntries);
        var boundaries = new HashSet<int> { 0 };
        var length = 0;
        foreach (var word in words)
        {
            length += word.Length;
            boundaries.Add(length);
        }

        return (string.Concat(words), boundaries);
    }
}
