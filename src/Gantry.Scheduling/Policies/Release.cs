using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Policies;

/// <summary>A running (or just admitted) job as the look-ahead sees it: what it frees, and when at the latest.</summary>
internal sealed class Release(long jobId, double end, IReadOnlyList<ReleasePart> parts, bool terminating, ProjectAccount project, ResourceVector usage)
{
    public long JobId { get; } = jobId;

    public double End { get; set; } = end;

    public IReadOnlyList<ReleasePart> Parts { get; } = parts;

    public bool Terminating { get; set; } = terminating;

    public ProjectAccount Project { get; } = project;

    /// <summary>What it counts against its project's quota.</summary>
    public ResourceVector Usage { get; } = usage;
}
