using System.Globalization;

namespace Gantry.Core.Text;

/// <summary>Parses and prints byte quantities the way Kubernetes users write them: 512Mi, 4Gi, 1G, 1024.</summary>
public static class MemorySize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("Pi", 1L << 50),
        ("K", 1_000L), ("k", 1_000L), ("M", 1_000_000L), ("G", 1_000_000_000L), ("T", 1_000_000_000_000L),
        ("P", 1_000_000_000_000_000L), ("B", 1L),
    ];

    public static Outcome<long> Parse(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
            return GantryError.Invalid($"{what} must not be empty");
        var s = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                s = s[..^suffix.Length];
                break;
            }
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return GantryError.Invalid($"{what} '{text}' is not a quantity like 512Mi, 4Gi or 1000000000");
        // Compare before multiplying: a long number with a large unit overflows even a decimal.
        if (number > (decimal)(long.MaxValue / 2) / factor)
            return GantryError.Invalid($"{what} '{text}' is too large");
        var bytes = number * factor;
        if (bytes > long.MaxValue / 2)
            return GantryError.Invalid($"{what} '{text}' is too large");
        return (long)decimal.Ceiling(bytes);
    }

    /// <summary>The shortest exact binary form (4Gi, 512Mi) or bytes.</summary>
    public static string Format(long bytes)
    {
        string[] suffixes = ["Pi", "Ti", "Gi", "Mi", "Ki"];
        int[] shifts = [50, 40, 30, 20, 10];
        for (var i = 0; i < suffixes.Length; i++)
        {
            var unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0)
                return (bytes / unit).ToString(CultureInfo.InvariantCulture) + suffixes[i];
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A rounded human form for tables (3.9 GiB).</summary>
    public static string Human(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var i = 0;
        while (value >= 1024 && i < units.Length - 1)
        {
            value /= 1024;
            i++;
        }

        return i == 0 ? $"{bytes} B" : value.ToString(value >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + units[i];
    }
}
