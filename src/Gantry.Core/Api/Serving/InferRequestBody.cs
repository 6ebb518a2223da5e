namespace Gantry.Core.Api.Serving;

/// <summary>An Open Inference Protocol infer request in JSON (no binary tensor data).</summary>
public sealed record InferRequestBody(IReadOnlyList<InferInput> Inputs, string? Id = null);
