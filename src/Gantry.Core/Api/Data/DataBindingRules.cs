using System.Text;
using Gantry.Core.Text;

namespace Gantry.Core.Api.Data;

/// <summary>Checks a job spec's <c>inputs</c> and <c>outputs</c>: names valid, paths safe and relative, nothing named twice.</summary>
public static class DataBindingRules
{
    /// <summary>The most inputs one job may name.</summary>
    public const int MaxInputs = 32;

    /// <summary>The most outputs one job may name.</summary>
    public const int MaxOutputs = 16;

    private const int MaxPathBytes = 1024;

    /// <summary>Returns null when the bindings are acceptable, else the reason.</summary>
    public static string? Check(IReadOnlyList<DataInputSpec>? inputs, IReadOnlyList<DataOutputSpec>? outputs)
    {
        inputs ??= [];
        outputs ??= [];
        if (inputs.Count > MaxInputs)
            return $"inputs names {inputs.Count} datasets; the limit is {MaxInputs}";
        if (outputs.Count > MaxOutputs)
            return $"outputs names {outputs.Count} targets; the limit is {MaxOutputs}";

        var paths = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input is null)
                return $"inputs[{i}] is empty";
            var parsed = DataRef.Parse(input.Dataset, $"inputs[{i}].dataset");
            if (!parsed.IsOk)
                return parsed.Error.Message;
            var path = PathOf(input, parsed.Value);
            if (CheckPath(path, $"inputs[{i}].path") is { } problem)
                return problem;
            foreach (var other in paths)
            {
                if (other == path || path.StartsWith(other + "/", StringComparison.Ordinal) || other.StartsWith(path + "/", StringComparison.Ordinal))
                    return $"inputs[{i}].path '{path}' overlaps the path '{other}' of another input";
            }

            paths.Add(path);
        }

        var targets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            if (output is null)
                return $"outputs[{i}] is empty";
            if ((output.Dataset is null) == (output.Model is null))
                return $"outputs[{i}] must name exactly one of dataset or model";
            var what = output.Dataset is not null ? "dataset" : "model";
            var name = output.Dataset ?? output.Model!;
            if (NameRules.Check(name, $"outputs[{i}].{what}") is { } nameProblem)
                return nameProblem + (name.Contains('@', StringComparison.Ordinal) ? " (an output gets a new version: leave out '@N')" : "");
            if (!targets.Add(what + "/" + name))
                return $"outputs[{i}] names {what} '{name}' a second time";
            if (output.Model is not null && output.Path is null)
                return $"outputs[{i}]: a model output needs path, the file under $GANTRY_OUTPUT (e.g. model.onnx)";
            if (output.Path is not null && CheckPath(output.Path, $"outputs[{i}].path") is { } pathProblem)
                return pathProblem;
        }

        return null;
    }

    /// <summary>Where an input appears under the working directory: its path, else the dataset's name.</summary>
    public static string PathOf(DataInputSpec input, DataRef dataset) => string.IsNullOrEmpty(input.Path) ? dataset.Name : input.Path.TrimEnd('/');

    /// <summary>Returns null when <paramref name="path"/> is a safe relative path (no '..', no absolute, no control characters).</summary>
    public static string? CheckPath(string? path, string what)
    {
        if (string.IsNullOrEmpty(path))
            return $"{what} must not be empty";
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
            return $"{what} is longer than {MaxPathBytes} bytes";
        if (path.Any(char.IsControl))
            return $"{what} must not contain control characters";
        if (path[0] == '/')
            return $"{what} '{path}' must be relative (no leading '/')";
        if (path.Contains('\\', StringComparison.Ordinal))
            return $"{what} '{path}' must not contain a backslash";
        foreach (var segment in path.TrimEnd('/').Split('/'))
        {
            if (segment.Length == 0)
                return $"{what} '{path}' has an empty segment";
            if (segment is "." or "..")
                return $"{what} '{path}' must not contain '.' or '..' segments";
            if (Encoding.UTF8.GetByteCount(segment) > 255)
                return $"{what} '{path}' has a segment longer than 255 bytes";
        }

        return null;
    }
}
