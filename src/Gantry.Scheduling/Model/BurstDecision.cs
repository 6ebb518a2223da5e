namespace Gantry.Scheduling.Model;

/// <summary>
/// Why a job went to a burst pool: its estimated wait in its own pools (<see cref="HomeWaitSeconds"/>; null when no
/// running job's time limit frees enough room there, or none of them could ever hold it) exceeded
/// <see cref="AfterSeconds"/>. The estimate is the backfill look-ahead: running jobs end at their time limits, and
/// reservations of the jobs ahead of it are kept.
/// </summary>
public sealed record BurstDecision(double? HomeWaitSeconds, double AfterSeconds);
