using Gantry.Core;
using Gantry.Execution;
using Gantry.Scheduling.Model;
using Gantry.Storage.Records;

namespace Gantry.Server.Jobs;

internal sealed partial class JobSupervisor
{
    /// <summary>
    /// Launches, with one call each, the elements of one job array that this cycle starts in one pool whose executor
    /// takes arrays (<see cref="IArrayLauncher"/>: Slurm submits them as one array job). Returns their outcomes by job
    /// id; jobs not in such a group are absent and are launched one by one as before. As for a lone job, any failure —
    /// a missing input, a refused submission, a bug — becomes the failure of the attempts it concerns.
    /// </summary>
    private async Task<Dictionary<long, Outcome<LaunchedTask>>> LaunchArraysAsync(IReadOnlyList<(JobRecord Job, NodeAllocation Placement)> started, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<long, Outcome<LaunchedTask>>();
        var groups = started
            .Where(s => s.Job.ArrayId is not null)
            .Select(s => (s.Job, Node: inventory.Find(s.Placement.Node)))
            .Where(s => s.Node is { Executor: IArrayLauncher })
            .GroupBy(s => (ArrayId: s.Job.ArrayId!.Value, s.Node!.Value.Pool))
            .Select(g => g.ToArray())
            .Where(g => g.Length > 1)
            .ToArray();
        foreach (var group in groups)
        {
            var launcher = (IArrayLauncher)group[0].Node!.Value.Executor;
            var requests = new List<(long JobId, LaunchRequest Request)>();
            var bindings = await BindingsAsync(group.Select(m => m.Job.Id).ToArray(), cancellationToken);
            foreach (var (job, node) in group)
            {
                var request = await ArrayElementRequestAsync(job, node!.Value.Node, bindings, cancellationToken);
                if (request.IsOk)
                    requests.Add((job.Id, request.Value));
                else
                    outcomes[job.Id] = request.Error;
            }

            if (requests.Count == 0)
                continue;
            try
            {
                var launched = await launcher.LaunchArrayAsync(requests.Select(r => r.Request).ToArray(), cancellationToken);
                for (var i = 0; i < requests.Count; i++)
                    outcomes[requests[i].JobId] = launched[i].IsOk ? launched[i] : GantryError.Invalid("could not start: " + launched[i].Error!.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                foreach (var (jobId, _) in requests)
                    outcomes[jobId] = GantryError.Invalid("could not start: " + ex.Message);
            }
        }

        return outcomes;
    }

    /// <summary>The data bindings of the elements, read at once; null when that failed (each element then reads its own).</summary>
    private async Task<Dictionary<long, Data.JobBindings>?> BindingsAsync(long[] jobIds, CancellationToken cancellationToken)
    {
        try
        {
            return await dataHooks.BindingsAsync(jobIds, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The element's launch request, as a lone job's with its array named, once its inputs (if it has any) are in place.</summary>
    private async Task<Outcome<LaunchRequest>> ArrayElementRequestAsync(
        JobRecord job, Core.Hardware.NodeInventory node, Dictionary<long, Data.JobBindings>? bindings, CancellationToken cancellationToken)
    {
        try
        {
            Data.JobBindings binding;
            if (bindings is null)
            {
                var (inputPaths, writesOutputs) = await dataHooks.BindingsAsync(job.Id, cancellationToken);
                binding = new Data.JobBindings(inputPaths, writesOutputs, HasInputs: true);
            }
            else
            {
                binding = bindings.GetValueOrDefault(job.Id, Data.JobBindings.None);
            }

            var request = LaunchRequestFor(job, node) with { InputPaths = binding.InputPaths, WritesOutputs = binding.WritesOutputs, ArrayId = job.ArrayId };
            if (binding.HasInputs && await dataHooks.PrepareInputsAsync(job.Id, request.JobDirectory, cancellationToken) is { } inputsFailed)
                return GantryError.Invalid(inputsFailed);
            return request;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return GantryError.Invalid("could not start: " + ex.Message);
        }
    }
}
