using System.Globalization;

namespace Gantry.Server.Cost;

/// <summary>Dollars and thresholds as people read them in messages.</summary>
internal static class Money
{
    public static string Usd(double value) =>
        "$" + (Math.Abs(value) >= 0.01 || value == 0
            ? value.ToString("#,0.00", CultureInfo.InvariantCulture)
            : value.ToString("0.######", CultureInfo.InvariantCulture));

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Thresholds(IEnumerable<double> thresholds) =>
        string.Join(",", thresholds.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));

    public static IReadOnlyList<double> ParseThresholds(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
}
