using Gantry.Core.Api.Data;

namespace Gantry.Server.Data.Formats;

/// <summary>
/// Detects a model file's format from its bytes, never its name, and never loads or deserialises it: a Python
/// pickle (protocol 2+, or a PyTorch zip checkpoint, which holds one) is flagged unsafe because unpickling runs code.
/// </summary>
internal static class ModelInspector
{
    public static async Task<ModelInspection> InspectAsync(IRandomAccess source, CancellationToken cancellationToken)
    {
        var head = await source.ReadExactAsync(0, (int)Math.Min(8, source.Length), cancellationToken) ?? [];
        if (head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
        {
            var names = await ZipNames.ReadAsync(source, cancellationToken);
            if (names is not null)
            {
                var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["entries"] = names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if (names.Any(n => n.EndsWith("constants.pkl", StringComparison.Ordinal)) && names.Any(n => n.Contains("/code/", StringComparison.Ordinal)))
                    return new ModelInspection(ModelFormat.Torchscript, false, null, details);
                if (names.Any(n => n.EndsWith("data.pkl", StringComparison.Ordinal)))
                    return new ModelInspection(ModelFormat.PytorchZip, true, null, details);
            }
        }

        // Pickle protocols 2-5 begin with PROTO (0x80) and the protocol number.
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
        {
            var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["pickle_protocol"] = head[1].ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return new ModelInspection(ModelFormat.Pickle, true, null, details);
        }

        if (await SafetensorsReader.ReadAsync(source, cancellationToken) is { } tensors)
            return new ModelInspection(ModelFormat.Safetensors, false, null, tensors);
        if (await OnnxReader.ReadAsync(source, cancellationToken) is { } onnx)
            return new ModelInspection(ModelFormat.Onnx, false, onnx.Signature, onnx.Details);
        return new ModelInspection(ModelFormat.Unknown, false, null, new Dictionary<string, string>());
    }
}
