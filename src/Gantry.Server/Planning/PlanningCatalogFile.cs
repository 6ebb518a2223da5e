using Gantry.Core;
using Gantry.Planning.Catalogs;

namespace Gantry.Server.Planning;

/// <summary>Reads a user's planning catalog YAML and layers it over the built-in catalogs (server and CLI alike).</summary>
public static class PlanningCatalogFile
{
    /// <summary>The built-in catalogs, with <paramref name="path"/> merged over them when it is given.</summary>
    /// <param name="path">The user's YAML, or null for the built-in catalogs alone.</param>
    /// <param name="baseDirectory">Where a relative <paramref name="path"/> starts.</param>
    public static Outcome<PlanningCatalog> Load(string? path, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(path))
            return PlanningCatalog.BuiltIn;
        var full = Path.GetFullPath(path, baseDirectory);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return GantryError.Invalid($"cannot read the planning catalog {full}: {ex.Message}");
        }

        var merged = PlanningCatalog.BuiltIn.WithOverrides(text);
        return merged.IsOk ? merged.Value : GantryError.Invalid($"the planning catalog {full} is invalid: {merged.Error.Message}");
    }
}
