using System.Security.Cryptography;
using Gantry.Core;

namespace Gantry.Execution.Slurm;

/// <summary>
/// Elements of one Gantry array as one Slurm array job: one <c>sbatch --array</c>, one Slurm job id, and a handle per
/// element naming its task (<c>123_4</c>), which <c>squeue</c>, <c>scontrol</c> and <c>scancel</c> take like a job id.
/// </summary>
public sealed partial class SlurmExecutor : IArrayLauncher
{
    // Job directories may sit on a network file system, where each call waits on the server: a few at once.
    private const int PreparationParallelism = 8;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Outcome<LaunchedTask>>> LaunchArrayAsync(IReadOnlyList<LaunchRequest> elements, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome<LaunchedTask>[elements.Count];
        var (groups, singles) = Group(elements);
        foreach (var group in groups)
        {
            var launched = await SubmitArrayAsync(group.Select(i => elements[i]).ToArray(), cancellationToken);
            for (var k = 0; k < group.Count; k++)
                outcomes[group[k]] = launched[k];
        }

        foreach (var i in singles)
            outcomes[i] = await LaunchAsync(elements[i], cancellationToken);
        return outcomes;
    }

    /// <summary>
    /// Which elements can share one array job — same array, attempt, nodes and resources, a task id Slurm accepts, no
    /// distributed layout (its variables are per job) — as groups of two or more; the rest go one by one.
    /// </summary>
    internal (List<List<int>> Groups, List<int> Singles) Group(IReadOnlyList<LaunchRequest> elements)
    {
        var singles = new List<int>();
        var groups = new List<List<int>>();
        var byShape = new Dictionary<string, (List<int> Members, HashSet<int> TaskIds)>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var request = elements[i];
            if (!_options.SubmitArrays || request.ArrayIndex is not { } index || index < 0 || index >= _options.MaxArraySize || request.Distributed is not null)
            {
                singles.Add(i);
                continue;
            }

            var shape = string.Join('\n', [Text(request.ArrayId ?? -1), Text(request.Attempt), .. BatchScript.Placement(request, _options)]);
            if (!byShape.TryGetValue(shape, out var group))
                byShape[shape] = group = ([], []);
            if (group.TaskIds.Add(index))
                group.Members.Add(i);
            else
                singles.Add(i);
        }

        foreach (var (members, _) in byShape.Values)
        {
            if (members.Count > 1)
                groups.Add(members);
            else
                singles.AddRange(members);
        }

        singles.Sort();
        return (groups, singles);
    }

    private async Task<Outcome<LaunchedTask>[]> SubmitArrayAsync(IReadOnlyList<LaunchRequest> requests, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome<LaunchedTask>[requests.Count];
        var elements = new ArrayElement?[requests.Count];

        // Each element's job directory is its own: they are readied side by side (a few file system calls each).
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), Preparation(cancellationToken), async (i, token) =>
        {
            var element = await PrepareAsync(requests[i], token);
            if (element.IsOk)
                elements[i] = element.Value;
            else
                outcomes[i] = Failed(requests[i], element.Error);
        });

        var prepared = Enumerable.Range(0, requests.Count).Where(i => elements[i] is not null).ToArray();
        if (prepared.Length == 1)
            outcomes[prepared[0]] = await SubmitPreparedAsync(elements[prepared[0]]!, cancellationToken);
        if (prepared.Length <= 1)
            return outcomes;

        var submitted = await SubmitElementsAsync(prepared.Select(i => elements[i]!).ToArray(), cancellationToken);
        foreach (var i in prepared)
        {
            var element = elements[i]!;
            if (!submitted.IsOk)
            {
                outcomes[i] = Failed(element.Request, submitted.Error);
                continue;
            }

            var handle = new SlurmHandle(submitted.Value + "_" + Text(element.TaskId), element.JobDirectory, element.Request.Attempt);
            outcomes[i] = new LaunchedTask(handle.Format(), Path.Combine(element.JobDirectory, "output"));
        }

        return outcomes;
    }

    /// <summary>Links each task's <c>%a</c> log names to its element's logs, then one <c>sbatch --array</c>; returns the Slurm job id.</summary>
    private async Task<Outcome<string>> SubmitElementsAsync(IReadOnlyList<ArrayElement> elements, CancellationToken cancellationToken)
    {
        // One directory per submission: a relaunch of an element must not re-point the links of tasks still waiting.
        var links = Path.Combine(elements[0].JobDirectory, "slurm-array", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        try
        {
            Directory.CreateDirectory(links);
            await Parallel.ForEachAsync(elements, Preparation(cancellationToken), (element, _) =>
            {
                File.CreateSymbolicLink(ArrayBatchScript.LinkPath(links, element.TaskId, LogStream.Stdout), Path.Combine(element.JobDirectory, BatchScript.StdoutLog));
                File.CreateSymbolicLink(ArrayBatchScript.LinkPath(links, element.TaskId, LogStream.Stderr), Path.Combine(element.JobDirectory, BatchScript.StderrLog));
                return ValueTask.CompletedTask;
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return GantryError.Invalid($"cannot link the array's logs in {links}: {e.Message}");
        }

        var script = ArrayBatchScript.Render(elements);
        var result = await _cli.RunAsync("sbatch", ArrayBatchScript.SbatchArguments(elements, _options, links), script, cancellationToken);
        var slurmJobId = SubmittedId(result);
        if (!slurmJobId.IsOk || slurmJobId.Value.Contains('_', StringComparison.Ordinal))
            return slurmJobId.IsOk ? GantryError.Invalid($"sbatch answered '{slurmJobId.Value}', not an array job id") : slurmJobId.Error;
        _logger.SlurmArraySubmitted(elements.Count, elements[0].Request.ArrayId ?? elements[0].Request.JobId, elements[0].Request.Attempt, slurmJobId.Value,
            ArrayBatchScript.Indices(elements.Select(e => e.TaskId)), string.Join(',', elements[0].Request.AllNodes));
        return slurmJobId.Value;
    }

    private static ParallelOptions Preparation(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = PreparationParallelism, CancellationToken = cancellationToken };

    private GantryError Failed(LaunchRequest request, GantryError error)
    {
        _logger.LaunchFailed(request.JobId, request.Attempt, error.Message);
        return error;
    }

    private static string Text(long value) => BatchScript.Text(value);
}
