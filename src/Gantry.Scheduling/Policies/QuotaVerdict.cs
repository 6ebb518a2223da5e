namespace Gantry.Scheduling.Policies;

/// <summary>What a project's quota says about one more job.</summary>
internal enum QuotaVerdict
{
    /// <summary>Within the guaranteed quota (or the project has none).</summary>
    Within,

    /// <summary>Above the guaranteed quota, on idle quota the cohort lends.</summary>
    Borrows,

    /// <summary>Over the project's limit.</summary>
    OverLimit,

    /// <summary>Above the guaranteed quota and the project is in no cohort to borrow from.</summary>
    NoCohort,

    /// <summary>Needs to borrow, and the cohort has not enough idle.</summary>
    CohortFull,
}
