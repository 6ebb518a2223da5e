namespace Gantry.Core.Api.Data;

/// <summary>Body of <c>POST /api/v1/models/{name}/versions/{n}/stage</c>.</summary>
public sealed record StageRequest(ModelStage Stage);
