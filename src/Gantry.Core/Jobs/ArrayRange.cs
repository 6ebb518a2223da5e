using System.Globalization;

namespace Gantry.Core.Jobs;

/// <summary>Parses Slurm-style array specifications: "0-99", "0-99:10", "1,3,5-7".</summary>
public static class ArrayRange
{
    public const int MaxTasks = 10_000;
    public const int MaxIndex = 1_000_000;

    public static Outcome<IReadOnlyList<int>> Parse(string text)
    {
        var result = new SortedSet<int>();
        foreach (var rawPart in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var part = rawPart;
            var step = 1;
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                if (!TryInt(part[(colon + 1)..], out step) || step < 1)
                    return Bad(text);
                part = part[..colon];
            }

            var dash = part.IndexOf('-', StringComparison.Ordinal);
            int from, to;
            if (dash >= 0)
            {
                if (!TryInt(part[..dash], out from) || !TryInt(part[(dash + 1)..], out to) || to < from)
                    return Bad(text);
            }
            else
            {
                if (!TryInt(part, out from) || colon >= 0)
                    return Bad(text);
                to = from;
            }

            if (to > MaxIndex)
                return GantryError.Invalid($"array index {to} is above the limit of {MaxIndex}");
            // long: a step near int.MaxValue must end the loop, not wrap to negative indices.
            for (long i = from; i <= to; i += step)
            {
                result.Add((int)i);
                if (result.Count > MaxTasks)
                    return GantryError.Invalid($"array '{text}' has more than {MaxTasks} tasks");
            }
        }

        return result.Count == 0 ? Bad(text) : Outcome<IReadOnlyList<int>>.Ok(result.ToList());
    }

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static GantryError Bad(string text) =>
        GantryError.Invalid($"array '{text}' is not a range like 0-99, 0-99:10 or 1,3,5-7");
}
