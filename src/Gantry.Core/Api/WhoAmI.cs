namespace Gantry.Core.Api;

public sealed record WhoAmI(string User, bool IsAdmin, IReadOnlyList<MembershipView> Projects);
