namespace Gantry.Core.Api.Data;

/// <summary>A registered model as the API lists it.</summary>
public sealed record ModelView(
    string Name,
    string Project,
    string? Description,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    int Versions,
    int? LatestVersion,
    int? ProductionVersion);
