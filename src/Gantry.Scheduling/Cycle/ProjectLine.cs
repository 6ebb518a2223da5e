using Gantry.Scheduling.Policies;

namespace Gantry.Scheduling;

/// <summary>A project's waiting jobs in its own order (priority, then submit time); the first not yet decided is its head.</summary>
internal sealed class ProjectLine(ProjectAccount project, List<JobTicket> tickets)
{
    private int _next;

    public ProjectAccount Project { get; } = project;

    public bool HasHead => _next < tickets.Count;

    public JobTicket Head => tickets[_next];

    public JobTicket Take() => tickets[_next++];
}
