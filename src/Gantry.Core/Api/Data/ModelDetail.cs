namespace Gantry.Core.Api.Data;

/// <summary><c>GET /api/v1/models/{name}</c>: the model and every version, newest first.</summary>
public sealed record ModelDetail(ModelView Model, IReadOnlyList<ModelVersionView> Versions);
