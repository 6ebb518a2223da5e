namespace Gantry.Cli.Commands.Planning;

/// <summary>
/// The hardware assessed: the cluster the server schedules onto when one answers (<see cref="Source"/> "server"),
/// else this machine as local discovery finds it ("local").
/// </summary>
internal sealed record AssessMachine(string Source, int Nodes, int Cpus, long MemoryBytes, IReadOnlyList<AssessGpu> Gpus)
{
    /// <summary>Devices that are GPUs (declared TPU slices and the like are listed, not counted).</summary>
    public IEnumerable<AssessGpu> RealGpus() => Gpus.Where(g => g.IsGpu);
}
