namespace Gantry.Core.Api.Data;

/// <summary>
/// What a job's <c>$GANTRY_OUTPUT</c> becomes when it succeeds: <c>{dataset: NAME}</c> (the whole directory, or
/// <c>path</c> below it, as a new dataset version) or <c>{model: NAME, path: model.onnx}</c> (one file as a new
/// model version). Either names a new or existing dataset or model.
/// </summary>
public sealed record DataOutputSpec
{
    /// <summary>Gets the dataset to add a version to.</summary>
    public string? Dataset { get; init; }

    /// <summary>Gets the model to add a version to.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the file (for a model) or directory (for a dataset) under <c>$GANTRY_OUTPUT</c>.</summary>
    public string? Path { get; init; }
}
