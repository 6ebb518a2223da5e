using System.Globalization;
using Gantry.Core;

namespace Gantry.Planning;

/// <summary>Parses the large counts planners write: 7B, 1.3b, 2T, 300B, 4M, 70e9, 175000000000 or 175_000_000_000.</summary>
public static class ScaledCount
{
    private static readonly (char Suffix, double Factor)[] Suffixes =
    [
        ('K', 1e3), ('M', 1e6), ('B', 1e9), ('G', 1e9), ('T', 1e12), ('P', 1e15),
    ];

    /// <summary>A positive finite number; <paramref name="what"/> names it in the error ("params", "tokens").</summary>
    public static Outcome<double> Parse(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
            return GantryError.Invalid($"{what} must be given, as a number like 7B, 70e9 or 175000000000");
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        double factor = 1;
        var last = char.ToUpperInvariant(s[^1]);
        foreach (var (suffix, f) in Suffixes)
        {
            if (last == suffix)
            {
                factor = f;
                s = s[..^1];
                break;
            }
        }

        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number * factor))
            return GantryError.Invalid($"{what} '{text}' is not a number like 7B, 70e9 or 175000000000");
        var value = number * factor;
        return value > 0 ? value : GantryError.Invalid($"{what} must be positive (got '{text}')");
    }

    /// <summary>Short form for people: 6.74B, 2T, 125M.</summary>
    public static string Format(double value)
    {
        (double Factor, string Suffix)[] units = [(1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];
        foreach (var (factor, suffix) in units)
        {
            if (Math.Abs(value) >= factor)
                return (value / factor).ToString("0.###", CultureInfo.InvariantCulture) + suffix;
        }

        return value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
