using System.Globalization;
using Gantry.Core;

namespace Gantry.Server.Data;

/// <summary>A version in a path: a number from 1, or "latest" (null).</summary>
internal static class VersionText
{
    public static Outcome<int?> Parse(string text)
    {
        if (text == "latest")
            return Outcome<int?>.Ok(null);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
            return Outcome<int?>.Ok(version);
        return GantryError.Invalid($"version '{text}' must be a number from 1, or 'latest'");
    }
}
