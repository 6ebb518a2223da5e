using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.Benchmarks.Serving;

/// <summary>
/// One histogram of the server's own <c>/metrics</c> for one deployment (cumulative bucket counts by upper bound),
/// so a run can report what the server measured rather than what a client sharing its cores saw.
/// </summary>
internal sealed partial class ServerHistogram(SortedDictionary<double, long> buckets)
{
    public static async Task<ServerHistogram> ReadAsync(HttpClient client, string metric, string deployment)
    {
        var text = await client.GetStringAsync("/metrics");
        var buckets = new SortedDictionary<double, long>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric + "_bucket{", StringComparison.Ordinal) || !line.Contains($"deployment=\"{deployment}\"", StringComparison.Ordinal))
                continue;
            var match = BucketLine().Match(line);
            if (!match.Success)
                continue;
            var le = match.Groups[1].Value == "+Inf" ? double.PositiveInfinity : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            buckets[le] = buckets.GetValueOrDefault(le) + (long)double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return new ServerHistogram(buckets);
    }

    /// <summary>The upper bound of the bucket holding quantile <paramref name="q"/> of what was recorded since <paramref name="before"/>.</summary>
    public double QuantileSince(ServerHistogram before, double q)
    {
        var deltas = buckets.Select(b => (Le: b.Key, Count: b.Value - before.Buckets.GetValueOrDefault(b.Key))).ToArray();
        var total = deltas.Length == 0 ? 0 : deltas[^1].Count;
        if (total == 0)
            return double.NaN;
        return deltas.First(d => d.Count >= q * total).Le;
    }

    public long CountSince(ServerHistogram before) =>
        buckets.Count == 0 ? 0 : buckets.Last().Value - before.Buckets.GetValueOrDefault(buckets.Last().Key);

    private SortedDictionary<double, long> Buckets => buckets;

    [GeneratedRegex("le=\"([^\"]+)\"\\}? ?\\}?\\s*([0-9.eE+-]+)")]
    private static partial Regex BucketLine();
}
