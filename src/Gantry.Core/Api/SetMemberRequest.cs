namespace Gantry.Core.Api;

public sealed record SetMemberRequest(Role Role);
