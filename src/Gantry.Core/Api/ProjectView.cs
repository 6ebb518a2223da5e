namespace Gantry.Core.Api;

public sealed record ProjectView(string Name, DateTimeOffset CreatedAt);
