namespace Gantry.Core.Api;

public sealed record MembershipView(string Project, Role Role);
