namespace Gantry.Core.Api;

public sealed record CreateProjectRequest(string Name);
