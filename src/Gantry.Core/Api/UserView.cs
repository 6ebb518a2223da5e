namespace Gantry.Core.Api;

public sealed record UserView(string Name, bool IsAdmin, DateTimeOffset CreatedAt, IReadOnlyList<MembershipView> Projects);
