namespace Gantry.Core.Api.Data;

/// <summary>Body of <c>POST /api/v1/models</c>. The project defaults to "default".</summary>
public sealed record CreateModelRequest(string Name, string? Project = null, string? Description = null);
