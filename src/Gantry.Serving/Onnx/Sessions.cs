using Gantry.Core;
using Microsoft.ML.OnnxRuntime;

namespace Gantry.Serving.Onnx;

/// <summary>Opens ONNX Runtime sessions with a deployment's options and reads a model's signature from one.</summary>
internal static class Sessions
{
    /// <summary>What ONNX Runtime's CUDA provider needs besides this package, for the message when it does not load.</summary>
    public const string CudaRequirements =
        "it needs an NVIDIA driver (libcuda.so.1), the CUDA 13 runtime libraries (libcudart, libcublas, libcublasLt, libcurand) " +
        "and cuDNN 9 on the library path";

    public static InferenceSession Open(string modelPath, DeploymentSettings settings)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // ONNX Runtime's pool threads spin after each run by default; in a server the HTTP threads need those cores.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        if (settings.IntraOpThreads > 0)
            options.IntraOpNumThreads = settings.IntraOpThreads;
        if (settings.InterOpThreads > 0)
            options.InterOpNumThreads = settings.InterOpThreads;
        var cudaDevice = ParseDevice(settings.Device);
        if (cudaDevice is { } device)
        {
            try
            {
                options.AppendExecutionProvider_CUDA(device);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidOperationException(
                    $"device {settings.Device}: ONNX Runtime's CUDA execution provider did not load; {CudaRequirements} ({e.Message})", e);
            }
        }
        return new InferenceSession(modelPath, options);
    }

    /// <summary>Null for "cpu", the device ordinal for "cuda" or "cuda:N"; anything else is a bug of the caller.</summary>
    public static int? ParseDevice(string device)
    {
        if (string.Equals(device, "cpu", StringComparison.OrdinalIgnoreCase))
            return null;
        if (string.Equals(device, "cuda", StringComparison.OrdinalIgnoreCase))
            return 0;
        if (device.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(device.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ordinal))
            return ordinal;
        throw new ArgumentException($"device '{device}' is not one of cpu, cuda, cuda:N", nameof(device));
    }

    public static Outcome<ModelSignature> ReadSignature(InferenceSession session)
    {
        var inputs = new List<TensorSpec>(session.InputNames.Count);
        foreach (var name in session.InputNames)
        {
            var spec = Spec("input", name, session.InputMetadata[name]);
            if (!spec.IsOk)
                return spec.Error;
            inputs.Add(spec.Value);
        }
        var outputs = new List<TensorSpec>(session.OutputNames.Count);
        foreach (var name in session.OutputNames)
        {
            var spec = Spec("output", name, session.OutputMetadata[name]);
            if (!spec.IsOk)
                return spec.Error;
            outputs.Add(spec.Value);
        }
        return new ModelSignature(inputs, outputs);
    }

    private static Outcome<TensorSpec> Spec(string kind, string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
            return GantryError.Invalid($"the model's {kind} '{name}' is a {metadata.OnnxValueType}, not a tensor; only tensor inputs and outputs can be served");
        if (!OrtTypes.TryFromOrt(metadata.ElementDataType, out var type))
            return GantryError.Invalid($"the model's {kind} '{name}' has element type {metadata.ElementDataType}, which the Open Inference Protocol cannot carry");
        var shape = new long[metadata.Dimensions.Length];
        for (var i = 0; i < shape.Length; i++)
            shape[i] = metadata.Dimensions[i] < 0 ? -1 : metadata.Dimensions[i];
        return new TensorSpec(name, type, shape);
    }
}
