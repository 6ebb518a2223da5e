namespace Gantry.Core.Api.Serving;

/// <summary>An Open Inference Protocol infer response in JSON.</summary>
public sealed record InferResult(string ModelName, string? ModelVersion, IReadOnlyList<InferOutput> Outputs, string? Id = null);
