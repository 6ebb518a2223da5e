using Gantry.Execution;
using Gantry.Execution.Local;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Cluster;

/// <summary>Builds the executor of every pool: this machine's local pool first, then each <c>Pools:&lt;name&gt;</c>.</summary>
internal sealed class PoolRegistry(
    IOptions<Hosting.ServerOptions> server,
    IOptions<Dictionary<string, PoolOptions>> pools,
    LocalExecutor local,
    ILoggerFactory loggers,
    TimeProvider time,
    Hosting.ServerPaths paths)
{
    public IReadOnlyDictionary<string, PoolOptions> Configured => pools.Value;

    /// <summary>The location of a pool ("on-prem"/"cloud"); the local pool's comes from <c>Server:LocalLocation</c>.</summary>
    public string LocationOf(string pool) =>
        pools.Value.TryGetValue(pool, out var options) ? options.Location : server.Value.LocalLocation;

    public string RegionOf(string pool) =>
        pools.Value.TryGetValue(pool, out var options) ? options.Region : server.Value.LocalRegion;

    public IReadOnlyList<(string Pool, IExecutor Executor)> CreateExecutors()
    {
        var list = new List<(string, IExecutor)> { (server.Value.LocalPool, local) };
        foreach (var (name, options) in pools.Value)
        {
            if (name == server.Value.LocalPool)
                throw new InvalidOperationException($"Pools:{name} has the name of this machine's local pool (Server:LocalPool); pick another name.");
            list.Add((name, Create(name, options)));
        }

        return list;
    }

    private IExecutor Create(string name, PoolOptions options) => options.Kind switch
    {
        "local" => CreateLocal(name, options.Local),
        "slurm" => CreateSlurm(name, options.Slurm),
        "kubernetes" => CreateKubernetes(name, options.Kubernetes),
        _ => throw new InvalidOperationException($"Pools:{name}:Kind is \"{options.Kind}\"; expected local, slurm or kubernetes."),
    };

    private Gantry.Execution.Kubernetes.KubernetesExecutor CreateKubernetes(string name, Gantry.Execution.Kubernetes.KubernetesExecutorOptions options)
    {
        if (options.Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException($"invalid Pools:{name}:Kubernetes configuration: " + string.Join(" ", problems));
        if (options.JobVolume?.WhyNotHolding(paths.JobsDir) is { } notHeld)
            throw new InvalidOperationException($"invalid Pools:{name}:Kubernetes:JobVolume: {notHeld}");
        var client = Gantry.Execution.Kubernetes.KubernetesExecutor.Connect(options);
        return new Gantry.Execution.Kubernetes.KubernetesExecutor(options, client, loggers.CreateLogger<Gantry.Execution.Kubernetes.KubernetesExecutor>(), time);
    }

    private LocalExecutor CreateLocal(string name, LocalExecutorOptions options)
    {
        if (options.Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException($"invalid Pools:{name}:Local configuration: " + string.Join(" ", problems));
        return new LocalExecutor(options, loggers.CreateLogger<LocalExecutor>(), time);
    }

    private Execution.Slurm.SlurmExecutor CreateSlurm(string name, Execution.Slurm.SlurmExecutorOptions options)
    {
        if (options.Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException($"invalid Pools:{name}:Slurm configuration: " + string.Join(" ", problems));
        return new Execution.Slurm.SlurmExecutor(options, loggers.CreateLogger<Execution.Slurm.SlurmExecutor>(), time);
    }
}
