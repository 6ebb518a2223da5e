namespace Gantry.Core.Api.Data;

/// <summary>Body of <c>POST /api/v1/datasets</c>. The project defaults to "default", the class to internal.</summary>
public sealed record CreateDatasetRequest(
    string Name,
    string? Project = null,
    DataClass? Class = null,
    IReadOnlyList<string>? Tags = null,
    string? Description = null);
