using System.Text.RegularExpressions;

namespace Gantry.Core.Text;

/// <summary>
/// Names of users, projects, jobs, tokens and pools: 1–63 characters of letters, digits, '.', '_'
/// and '-', starting with a letter or digit. This keeps every name safe as a path segment, a label
/// and a log field: no '/', no "..", no control characters.
/// </summary>
public static partial class NameRules
{
    public const int MaxLength = 63;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Returns null when <paramref name="value"/> is a valid name, else the reason.</summary>
    public static string? Check(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
            return $"{what} must not be empty";
        if (value.Length > MaxLength)
            return $"{what} is {value.Length} characters long; the limit is {MaxLength}";
        if (value.Any(char.IsControl))
            return $"{what} must not contain control characters";
        if (value.Contains("..", StringComparison.Ordinal))
            return $"{what} '{value}' must not contain '..'";
        if (!NamePattern().IsMatch(value))
            return $"{what} '{value}' may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit";
        return null;
    }

    public static bool IsValid(string? value) => Check(value, "name") is null;
}
