using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Policies;

/// <summary>A running preemptible job that this cycle might stop, with what stopping it would free.</summary>
internal sealed class Victim(RunningAllocation allocation, ProjectAccount project, Release release, ResourceVector usage)
{
    public RunningAllocation Allocation { get; } = allocation;

    public ProjectAccount Project { get; } = project;

    public Release Release { get; } = release;

    public ResourceVector Usage { get; } = usage;

    /// <summary>Already chosen in this cycle: not offered again.</summary>
    public bool Chosen { get; set; }
}
