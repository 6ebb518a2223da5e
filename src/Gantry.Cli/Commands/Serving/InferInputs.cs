using System.Globalization;
using System.Text.Json;
using Gantry.Core.Api.Serving;

namespace Gantry.Cli.Commands.Serving;

/// <summary>
/// Turns <c>--input name=[...]</c> / <c>name=@file.json</c> and <c>--shape name=1,64</c> into protocol inputs. The
/// datatype comes from the model's metadata; the shape from <c>--shape</c>, else from the nesting of the data, else
/// (flat data) from the model's fixed dimensions with the first one taking the rest.
/// </summary>
internal static class InferInputs
{
    public static IReadOnlyList<InferInput> Parse(IReadOnlyList<string> inputs, IReadOnlyList<string> shapes, ModelMetadataView metadata, string workingDirectory)
    {
        var shapeOf = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var text in shapes)
        {
            var (name, value) = Split(text, "--shape");
            try
            {
                shapeOf[name] = value.Split(',').Select(d => long.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
            }
            catch (FormatException)
            {
                throw CliException.Usage($"--shape '{text}' must be NAME=D1,D2,... with whole numbers");
            }
        }

        var result = new List<InferInput>();
        foreach (var text in inputs)
        {
            var (name, value) = Split(text, "--input");
            var spec = metadata.Inputs.FirstOrDefault(i => i.Name == name)
                ?? throw CliException.Usage($"model '{metadata.Name}' has no input '{name}'; its inputs: {string.Join(", ", metadata.Inputs.Select(i => i.Name))}");
            var data = Data(value, name, workingDirectory);
            var shape = shapeOf.GetValueOrDefault(name) ?? ShapeOf(data, spec, name);
            result.Add(new InferInput(name, shape, spec.Datatype, data));
        }

        return result;
    }

    private static (string Name, string Value) Split(string text, string option)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
            throw CliException.Usage($"{option} '{text}' must be NAME=VALUE");
        return (text[..eq], text[(eq + 1)..]);
    }

    private static JsonElement Data(string value, string name, string workingDirectory)
    {
        var json = value;
        if (value.StartsWith('@'))
        {
            var path = Path.GetFullPath(Path.Join(workingDirectory, value[1..]));
            if (!File.Exists(path))
                throw CliException.Usage($"--input {name}: file '{value[1..]}' does not exist");
            json = File.ReadAllText(path);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                throw CliException.Usage($"--input {name} must be a JSON array, e.g. {name}=[1,2,3]");
            return root.Clone();
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"--input {name} is not valid JSON: {e.Message}");
        }
    }

    private static long[] ShapeOf(JsonElement data, MetadataTensor spec, string name)
    {
        var nested = new List<long>();
        var element = data;
        while (element.ValueKind == JsonValueKind.Array)
        {
            nested.Add(element.GetArrayLength());
            if (element.GetArrayLength() == 0)
                break;
            element = element[0];
        }

        if (nested.Count == spec.Shape.Count)
            return nested.ToArray();
        if (nested.Count == 1 && spec.Shape.Count >= 1 && spec.Shape.Skip(1).All(d => d > 0))
        {
            var perRow = spec.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            if (nested[0] % perRow == 0)
                return [nested[0] / perRow, .. spec.Shape.Skip(1)];
        }

        throw CliException.Usage(
            $"cannot tell the shape of input '{name}' (the model expects [{string.Join(',', spec.Shape)}]); nest the data or give --shape {name}=D1,D2,...");
    }
}
