namespace Gantry.Core.Api.Serving;

/// <summary>An input or output in model metadata; -1 in <see cref="Shape"/> is a dimension of any size.</summary>
public sealed record MetadataTensor(string Name, string Datatype, IReadOnlyList<long> Shape);
