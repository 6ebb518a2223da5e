namespace Gantry.Core.Api.Serving;

/// <summary>Open Inference Protocol model metadata: what a deployment takes and gives.</summary>
public sealed record ModelMetadataView(string Name, IReadOnlyList<string>? Versions, string Platform, IReadOnlyList<MetadataTensor> Inputs, IReadOnlyList<MetadataTensor> Outputs);
