using Gantry.Core;

namespace Gantry.Execution;

/// <summary>
/// An executor that can start several elements of one Gantry job array with one submission to its engine (a Slurm
/// array job: one <c>sbatch --array</c>, one Slurm job id, one line in <c>squeue</c>). Each element keeps its own
/// handle, so waiting, cancelling and re-attaching after a restart work per element through <see cref="IExecutor"/>.
/// </summary>
public interface IArrayLauncher
{
    /// <summary>
    /// Starts the elements, as one submission where their shape allows (same nodes, resources and attempt) and one by
    /// one otherwise. The outcomes are in the order of <paramref name="elements"/>; expected failures are values.
    /// </summary>
    Task<IReadOnlyList<Outcome<LaunchedTask>>> LaunchArrayAsync(IReadOnlyList<LaunchRequest> elements, CancellationToken cancellationToken);
}
