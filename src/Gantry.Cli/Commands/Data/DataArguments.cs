using Gantry.Core.Api.Data;

namespace Gantry.Cli.Commands.Data;

/// <summary>Parsing shared by the dataset and model verbs.</summary>
internal static class DataArguments
{
    /// <summary><c>NAME</c> or <c>NAME@N</c>; a usage error otherwise.</summary>
    public static DataRef Ref(string? text, string what)
    {
        var parsed = DataRef.Parse(text, what);
        return parsed.IsOk ? parsed.Value : throw CliException.Usage(parsed.Error.Message);
    }

    /// <summary><c>NAME@N</c> with the version required.</summary>
    public static (string Name, int Version) Pinned(string? text, string what)
    {
        var reference = Ref(text, what);
        return reference.Version is { } version ? (reference.Name, version) : throw CliException.Usage($"name the version: {reference.Name}@N");
    }
}
