using System.Text.Json;

namespace Gantry.Core.Api.Serving;

/// <summary>One output tensor of an Open Inference Protocol response.</summary>
public sealed record InferOutput(string Name, IReadOnlyList<long> Shape, string Datatype, JsonElement Data);
