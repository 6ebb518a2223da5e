using System.Globalization;

namespace Gantry.Cli.Output;

/// <summary>Times for tables: short ages ("5m", "3h12m", "2d4h") and UTC timestamps.</summary>
internal static class TimeText
{
    public const string None = "-";

    /// <summary>The two largest units of <paramref name="span"/>: 42s, 5m3s, 3h12m, 2d4h.</summary>
    public static string Short(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
            return "0s";
        if (span < TimeSpan.FromMinutes(1))
            return $"{(int)span.TotalSeconds}s";
        if (span < TimeSpan.FromHours(1))
            return span.Seconds == 0 ? $"{span.Minutes}m" : $"{span.Minutes}m{span.Seconds}s";
        if (span < TimeSpan.FromDays(1))
            return span.Minutes == 0 ? $"{span.Hours}h" : $"{span.Hours}h{span.Minutes}m";
        return span.Hours == 0 ? $"{(int)span.TotalDays}d" : $"{(int)span.TotalDays}d{span.Hours}h";
    }

    public static string Since(DateTimeOffset at, DateTimeOffset now) => Short(now - at);

    public static string Stamp(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : None;
}
