using System.Globalization;

namespace Gantry.Scheduling.Model;

/// <summary>Durations as people say them: "about 1 h 20 min", "about 3 days".</summary>
internal static class TimeWords
{
    public static string Span(double seconds)
    {
        var s = Math.Max(0, seconds);
        return s switch
        {
            < 60 => "less than a minute",
            < 3600 => $"about {Math.Round(s / 60):0} min",
            < 86400 => Math.Round(s / 60) % 60 == 0 ? $"about {Math.Round(s / 3600):0} h" : $"about {Math.Floor(s / 3600):0} h {Math.Round(s / 60) % 60:0} min",
            _ => $"about {(s / 86400).ToString("0.#", CultureInfo.InvariantCulture)} days",
        };
    }

    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return $"{n}{suffix}";
    }
}
