using System.Globalization;
using Gantry.Core.Text;

namespace Gantry.Core.Api.Data;

/// <summary>A dataset or model and optionally one version: <c>corpus</c> (the latest) or <c>corpus@3</c>.</summary>
public sealed record DataRef(string Name, int? Version)
{
    /// <summary>The highest version number accepted.</summary>
    public const int MaxVersion = 1_000_000_000;

    /// <summary>Parses <c>NAME</c> or <c>NAME@N</c>; <paramref name="what"/> names the thing in errors ("dataset").</summary>
    public static Outcome<DataRef> Parse(string? text, string what)
    {
        if (string.IsNullOrEmpty(text))
            return GantryError.Invalid($"{what} must not be empty");
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? text : text[..at];
        if (NameRules.Check(name, $"{what} name") is { } problem)
            return GantryError.Invalid(problem);
        if (at < 0)
            return new DataRef(name, null);
        var version = text[(at + 1)..];
        if (version == "latest")
            return new DataRef(name, null);
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > MaxVersion)
            return GantryError.Invalid($"{what} '{text}': the version after '@' must be a number from 1, or 'latest'");
        return new DataRef(name, number);
    }

    /// <summary><c>NAME@N</c>, or <c>NAME</c> without a version.</summary>
    public override string ToString() => Version is { } v ? $"{Name}@{v.ToString(CultureInfo.InvariantCulture)}" : Name;
}
