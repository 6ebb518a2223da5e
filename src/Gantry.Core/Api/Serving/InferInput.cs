using System.Text.Json;

namespace Gantry.Core.Api.Serving;

/// <summary>One input tensor of an Open Inference Protocol request: <see cref="Data"/> is the JSON array of its elements (flat or nested).</summary>
public sealed record InferInput(string Name, IReadOnlyList<long> Shape, string Datatype, JsonElement Data);
