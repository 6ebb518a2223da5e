using Gantry.Core.Api;

namespace Gantry.Storage.Records;

/// <summary>A user's role in a project; the key is (User, Project).</summary>
public sealed class MembershipRecord
{
    public required string User { get; set; }

    public required string Project { get; set; }

    public Role Role { get; set; }
}
