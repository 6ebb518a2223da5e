namespace Gantry.Scheduling.Model;

/// <summary>A project's quota as the scheduler saw it: what it uses, is guaranteed, may reach, and what its cohort has idle.</summary>
public sealed record QuotaStanding(
    string Project,
    ResourceVector Used,
    ResourceVector Guaranteed,
    ResourceVector? Limit,
    string? Cohort,
    ResourceVector? CohortIdle);
