namespace Gantry.Core.Api.Data;

/// <summary>What a model takes and returns (from the ONNX graph's inputs and outputs).</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
