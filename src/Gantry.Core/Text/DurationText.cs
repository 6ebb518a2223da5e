using System.Globalization;

namespace Gantry.Core.Text;

/// <summary>Durations as people write them: 90s, 30m, 2h, 1d, 1h30m, or Slurm's [d-]hh:mm:ss.</summary>
public static class DurationText
{
    // What a TimeSpan can hold, less a margin for rounding; longer text is an error, not an overflow.
    private static readonly double MaxSeconds = Math.Floor(TimeSpan.MaxValue.TotalSeconds) - 1;

    public static Outcome<TimeSpan> Parse(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
            return GantryError.Invalid($"{what} must not be empty");
        var s = text.Trim();
        if (s.Contains(':', StringComparison.Ordinal))
        {
            var days = 0;
            var dash = s.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(s[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out days))
                s = s[(dash + 1)..];
            var parts = s.Split(':');
            if (parts.Length is 2 or 3 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                var n = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                var seconds = days * 86400L + (parts.Length == 3
                    ? n[0] * 3600L + n[1] * 60L + n[2]
                    : n[0] * 60L + n[1]);
                return seconds > MaxSeconds ? TooLong(text, what) : TimeSpan.FromSeconds(seconds);
            }

            return Bad(text, what);
        }

        var total = TimeSpan.Zero;
        var i = 0;
        var any = false;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                i++;
            if (start == i || i == s.Length)
                return i == s.Length && start < i && !any ? FromSeconds(s, text, what) : Bad(text, what);
            if (!double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                return Bad(text, what);
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
                i++;
            var unit = s[unitStart..i];
            double seconds = unit switch
            {
                "ms" => value / 1000,
                "s" => value,
                "m" => value * 60,
                "h" => value * 3600,
                "d" => value * 86400,
                _ => double.NaN,
            };
            if (double.IsNaN(seconds))
                return Bad(text, what);
            if (seconds > MaxSeconds - total.TotalSeconds)
                return TooLong(text, what);
            total += TimeSpan.FromSeconds(seconds);
            any = true;
        }

        return any ? total : Bad(text, what);
    }

    private static Outcome<TimeSpan> FromSeconds(string s, string text, string what) =>
        !double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var secs) ? Bad(text, what)
        : secs > MaxSeconds ? TooLong(text, what)
        : TimeSpan.FromSeconds(secs);

    private static GantryError TooLong(string text, string what) =>
        GantryError.Invalid($"{what} '{text}' is too long");

    private static GantryError Bad(string text, string what) =>
        GantryError.Invalid($"{what} '{text}' is not a duration like 90s, 30m, 2h, 1d or 01:30:00");

    /// <summary>A compact form: 1h30m, 45s, 2d.</summary>
    public static string Format(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
            return "0s";
        var parts = new List<string>();
        if (span.Days > 0)
            parts.Add($"{span.Days}d");
        if (span.Hours > 0)
            parts.Add($"{span.Hours}h");
        if (span.Minutes > 0)
            parts.Add($"{span.Minutes}m");
        if (span.Seconds > 0 || parts.Count == 0)
            parts.Add(span.Milliseconds > 0 && parts.Count == 0
                ? (span.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture) + "s"
                : $"{span.Seconds}s");
        return string.Concat(parts);
    }
}
