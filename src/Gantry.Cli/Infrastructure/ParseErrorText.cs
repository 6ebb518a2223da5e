using System.Text.RegularExpressions;

namespace Gantry.Cli.Infrastructure;

/// <summary>Rewords System.CommandLine's type-conversion errors, which name .NET types, for people.</summary>
internal static partial class ParseErrorText
{
    [GeneratedRegex(
        @"^Cannot parse argument '(?<value>.*)' for (?<kind>option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ConversionError();

    public static string Humanize(string message)
    {
        var match = ConversionError().Match(message);
        if (!match.Success)
            return message;
        var type = match.Groups["type"].Value;
        var expected = type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) ? "a number"
            : "valid here";
        var value = match.Groups["value"].Value;
        return match.Groups["kind"].Value == "option"
            ? $"{match.Groups["name"].Value} '{value}' is not {expected}"
            : $"'{value}' is not {expected}";
    }
}
