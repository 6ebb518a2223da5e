using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Policies;

/// <summary>A cohort: the sum of its members' guaranteed quotas and of their use.</summary>
internal sealed class CohortAccount(string name)
{
    public string Name { get; } = name;

    public ResourceVector Guaranteed { get; set; }

    public ResourceVector Used { get; set; }

    public ResourceVector Idle => ResourceVector.Max(ResourceVector.Zero, Guaranteed - Used);
}
