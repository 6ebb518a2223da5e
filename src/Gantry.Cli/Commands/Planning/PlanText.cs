using System.Globalization;
using Gantry.Planning;

namespace Gantry.Cli.Commands.Planning;

/// <summary>How plan figures read in a summary: 3.14e23 FLOPs, 52.1 GB, $1.2M, 47%, 27.7 days.</summary>
internal static class PlanText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Count(double value) => ScaledCount.Format(value);

    public static string Flops(double value) => value.ToString("0.00e0", Invariant);

    public static string Whole(double value) => value.ToString("#,0", Invariant);

    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "#,0" : Math.Abs(value) >= 1 ? "0.##" : "0.####", Invariant);

    public static string Percent(double share) => (share * 100).ToString(share < 0.1 ? "0.#" : "0", Invariant) + "%";

    /// <summary>Decimal units, as GPU memory and disks are sold: 80 GB is 80·10⁹ bytes.</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
        var i = 0;
        while (Math.Abs(bytes) >= 1000 && i < units.Length - 1)
        {
            bytes /= 1000;
            i++;
        }

        return i == 0 ? $"{bytes:0} B" : bytes.ToString(bytes >= 100 ? "0" : "0.#", Invariant) + " " + units[i];
    }

    public static string Usd(double usd) =>
        Math.Abs(usd) >= 1e9 ? "$" + (usd / 1e9).ToString("0.##", Invariant) + "B"
        : Math.Abs(usd) >= 1e6 ? "$" + (usd / 1e6).ToString("0.##", Invariant) + "M"
        : Math.Abs(usd) >= 1000 ? "$" + usd.ToString("#,0", Invariant)
        : "$" + usd.ToString("0.00", Invariant);

    /// <summary>Dollars per GPU-hour or per million tokens: always cents, more digits below a dollar.</summary>
    public static string Price(double usd) => "$" + usd.ToString(usd < 1 ? "0.000" : "#,0.00", Invariant);

    public static string Hours(double hours) =>
        hours < 1.0 / 60 ? (hours * 3600).ToString("0.#", Invariant) + " seconds"
        : hours < 1 ? (hours * 60).ToString("0.#", Invariant) + " minutes"
        : hours < 48 ? hours.ToString("0.#", Invariant) + " hours"
        : (hours / 24).ToString("#,0.#", Invariant) + " days (" + hours.ToString("#,0", Invariant) + " h)";

    public static string Plural(int n, string one) => n == 1 ? $"1 {one}" : $"{n.ToString("#,0", Invariant)} {one}s";
}
