using Gantry.Core;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Gantry.Planning.Catalogs;

/// <summary>Reads catalog YAML (built-in or a user's) into documents with every field optional; unknown fields are errors.</summary>
internal static partial class CatalogYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static Outcome<CatalogDocument> Parse(string yaml)
    {
        try
        {
            return Deserializer.Deserialize<CatalogDocument?>(yaml) ?? new CatalogDocument();
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            return GantryError.Invalid($"invalid catalog YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Clean(message)}");
        }
    }

    private static string Clean(string message)
    {
        // "Property 'foo' not found on type 'Gantry.Planning.Catalogs.CatalogYaml+GpuDocument'." → "unknown field 'foo'"
        var i = message.IndexOf("' not found on type", StringComparison.Ordinal);
        return message.StartsWith("Property '", StringComparison.Ordinal) && i > 0
            ? "unknown field '" + message[10..i] + "'"
            : message;
    }
}
