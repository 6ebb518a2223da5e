namespace Gantry.Core.Api.Data;

/// <summary>Body of <c>POST /api/v1/models/{name}/uploads/{id}/commit</c>: what to record with the new version.</summary>
public sealed record CommitModelRequest(
    IReadOnlyDictionary<string, double>? Metrics = null,
    long? FromJob = null);
