namespace Gantry.Serving;

/// <summary>An output the caller asked for; <see cref="BinaryData"/>: send it in the binary tensor extension.</summary>
public sealed record RequestedOutput(string Name, bool BinaryData);

/// <summary>
/// One inference request as the Open Inference Protocol defines it. <see cref="Outputs"/> null means every
/// output; <see cref="BinaryDataOutput"/> is the request-level <c>binary_data_output</c> parameter.
/// </summary>
public sealed record InferRequest(string? Id, IReadOnlyList<Tensor> Inputs, IReadOnlyList<RequestedOutput>? Outputs, bool BinaryDataOutput);

/// <summary>The answer to one request: only the outputs it asked for, split back from its batch.</summary>
public sealed record InferResponse(string ModelName, string ModelVersion, string? Id, IReadOnlyList<Tensor> Outputs);
