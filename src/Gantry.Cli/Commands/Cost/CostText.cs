using System.Globalization;

namespace Gantry.Cli.Commands.Cost;

/// <summary>Dollars, hours and fractions for cost tables.</summary>
internal static class CostText
{
    public static string Usd(double value) =>
        value == 0 || Math.Abs(value) >= 0.01
            ? value.ToString("#,0.00", CultureInfo.InvariantCulture)
            : value.ToString("0.00####", CultureInfo.InvariantCulture);

    public static string Hours(double value) =>
        value == 0 || Math.Abs(value) >= 0.01
            ? value.ToString("#,0.00", CultureInfo.InvariantCulture)
            : value.ToString("0.00####", CultureInfo.InvariantCulture);

    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>Cost per prediction: small amounts in significant digits (0.0000123), "-" without predictions.</summary>
    public static string PerPrediction(double? value) =>
        value is { } v ? (v == 0 || Math.Abs(v) >= 0.01 ? v.ToString("#,0.00", CultureInfo.InvariantCulture) : v.ToString("0.###E+0", CultureInfo.InvariantCulture)) : "-";

    public static string Rate(double value) => "$" + value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Thresholds(IEnumerable<double> thresholds) =>
        string.Join(", ", thresholds.Select(t => Percent(t)));
}
