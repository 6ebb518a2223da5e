using System.Globalization;

namespace Gantry.Cli.Commands.Serving;

/// <summary>Parsing shared by the deploy verbs.</summary>
internal static class DeployArguments
{
    /// <summary><c>MODEL@VERSION</c> or <c>MODEL</c> (the latest version).</summary>
    public static (string Model, int? Version) Model(string text)
    {
        var at = text.LastIndexOf('@');
        if (at < 0)
            return (text, null);
        var version = text[(at + 1)..];
        if (at == 0 || !int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            throw CliException.Usage($"--model '{text}' must be MODEL@VERSION (a number from 1) or MODEL for the latest version");
        return (text[..at], number);
    }

    public static TimeSpan Timeout(string? text)
    {
        if (text is null)
            return TimeSpan.FromMinutes(5);
        var parsed = Core.Text.DurationText.Parse(text, "--timeout");
        return parsed.IsOk ? parsed.Value : throw CliException.Usage(parsed.Error.Message);
    }
}
