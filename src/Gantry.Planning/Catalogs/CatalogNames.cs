namespace Gantry.Planning.Catalogs;

/// <summary>Catalog names compare ignoring case, with spaces and underscores read as hyphens ("Llama 2 7B" is llama-2-7b).</summary>
internal static class CatalogNames
{
    public static string Normalize(string name) =>
        name.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-');

    public static bool Matches(string name, IEnumerable<string> aliases, string wanted)
    {
        var want = Normalize(wanted);
        return Normalize(name) == want || aliases.Any(a => Normalize(a) == want);
    }
}
