namespace Gantry.Execution.Slurm;

/// <summary>Which GPUs Slurm gave a running job: GRES takes a count, and Slurm picks the indices inside each node.</summary>
public sealed partial class SlurmExecutor : IEngineChosenDevices
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<EngineDevices>?> ChosenDevicesAsync(string handle, CancellationToken cancellationToken)
    {
        if (!SlurmHandle.TryParse(handle, out var parsed))
            return null;
        var id = parsed.SlurmJobId;

        // The shared poller (one squeue for all jobs) says when it starts; then one scontrol reads its GPUs.
        await _monitor.WaitStartedAsync(id, cancellationToken);
        var shown = await _cli.RunAsync("scontrol", ["show", "job", "-d", id], null, cancellationToken);
        if (!shown.Succeeded)
        {
            _logger.SlurmDevicesUnknown(id, shown.Error);
            return null;
        }

        var state = SlurmJobState.ParseScontrol(shown.Stdout);
        return state is { State: "RUNNING" } ? await ByNodeAsync(id, GresIndexParser.Parse(shown.Stdout), cancellationToken) : null;
    }

    /// <summary>Expands each detail line's node list (<c>a,b</c> or <c>gpu[01-04]</c>) into one entry per node.</summary>
    private async Task<IReadOnlyList<EngineDevices>?> ByNodeAsync(string id, IReadOnlyList<(string Nodes, IReadOnlyList<int> Devices)> lines, CancellationToken cancellationToken)
    {
        var result = new List<EngineDevices>();
        foreach (var (nodes, devices) in lines)
        {
            IEnumerable<string> names = nodes.Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (nodes.Contains('[', StringComparison.Ordinal))
            {
                var expanded = await _cli.RunAsync("scontrol", ["show", "hostnames", nodes], null, cancellationToken);
                if (!expanded.Succeeded)
                {
                    _logger.SlurmDevicesUnknown(id, expanded.Error);
                    return null;
                }

                names = expanded.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }

            result.AddRange(names.Select(n => new EngineDevices(n, devices)));
        }

        return result.Count == 0 ? null : result;
    }
}
