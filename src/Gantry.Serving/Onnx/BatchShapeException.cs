namespace Gantry.Serving.Onnx;

/// <summary>A model's output does not have one row per input row, so a merged batch cannot be split back.</summary>
internal sealed class BatchShapeException(string message) : Exception(message);
