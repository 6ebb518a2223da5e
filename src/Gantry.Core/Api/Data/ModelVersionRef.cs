namespace Gantry.Core.Api.Data;

/// <summary>A model version as lineage names it.</summary>
public sealed record ModelVersionRef(string Model, int Version);
