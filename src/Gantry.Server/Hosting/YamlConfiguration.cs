using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Gantry.Server.Hosting;

/// <summary>
/// Reads gantry.yaml into configuration keys ("Jobs:CancelGrace", "Local:DeclaredAccelerators:0:Model"),
/// so the same options bind from YAML, environment variables (GANTRY_Jobs__CancelGrace) or tests.
/// </summary>
internal static class YamlConfiguration
{
    public static IReadOnlyDictionary<string, string?> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
            stream.Load(reader);
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (stream.Documents.Count > 0)
            Flatten(stream.Documents[0].RootNode, null, result);
        return result;
    }

    private static void Flatten(YamlNode node, string? prefix, Dictionary<string, string?> result)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    Flatten(value, Join(prefix, Pascal(((YamlScalarNode)key).Value ?? string.Empty)), result);
                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                    Flatten(list.Children[i], Join(prefix, i.ToString(CultureInfo.InvariantCulture)), result);
                break;
            case YamlScalarNode scalar when prefix is not null:
                result[prefix] = scalar.Value;
                break;
        }
    }

    private static string Join(string? prefix, string key) => prefix is null ? key : prefix + ":" + key;

    // snake_case keys as users write them in YAML → the options' property names.
    private static string Pascal(string key) =>
        string.Concat(key.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
