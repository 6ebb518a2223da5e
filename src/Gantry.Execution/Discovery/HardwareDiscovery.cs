using Gantry.Core.Hardware;
using Gantry.Execution.Local;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Discovery;

/// <summary>
/// Finds what this machine offers jobs: CPUs, memory (cgroup-capped), NVIDIA GPUs (NVML, else
/// <c>nvidia-smi</c>) with their NVLink topology, AMD GPUs (<c>rocm-smi</c>) and declared accelerators.
/// </summary>
public sealed class HardwareDiscovery
{
    private static readonly string[] NvidiaDirectories = ["/usr/bin", "/usr/local/nvidia/bin"];
    private static readonly string[] RocmDirectories = ["/opt/rocm/bin", "/usr/bin"];

    private readonly LocalExecutorOptions _options;
    private readonly ILogger _logger;
    private readonly CommandRunner _commands;

    /// <summary>Creates a discovery for the settings of the local executor.</summary>
    public HardwareDiscovery(LocalExecutorOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _commands = new CommandRunner(_logger, timeProvider ?? TimeProvider.System, options.DiscoveryCommandTimeout);
    }

    /// <summary>Whether to ask NVML before <c>nvidia-smi</c>; tests of the fallback turn it off.</summary>
    internal bool UseNvml { get; init; } = true;

    /// <summary>Where to look for <c>nvidia-smi</c> and <c>rocm-smi</c>; null: PATH plus the vendors' usual directories.</summary>
    internal IReadOnlyList<string>? ToolDirectories { get; init; }

    /// <summary>Looks at the machine now; a missing driver or tool means no devices of that kind, never an exception.</summary>
    public async Task<NodeInventory> DiscoverAsync(CancellationToken cancellationToken)
    {
        var sources = new List<string>();
        var devices = new List<AcceleratorDevice>();
        GpuTopology? topology = null;
        if (_options.DiscoverGpus)
        {
            var nvidia = await DiscoverNvidiaAsync(sources, cancellationToken);
            devices.AddRange(nvidia);
            if (nvidia.Count >= 2)
                topology = await DiscoverTopologyAsync(sources, cancellationToken);
            devices.AddRange(await DiscoverAmdAsync(sources, cancellationToken));
        }

        var firstDeclared = devices.Count == 0 ? 0 : devices.Max(d => d.Index) + 1;
        var declared = DeclaredDevices.Expand(_options.DeclaredAccelerators, firstDeclared, _options.NodeName, _logger);
        if (declared.Count > 0)
        {
            devices.AddRange(declared);
            sources.Add("declared");
        }

        var memory = SystemMemory.Read(_logger);
        if (memory <= 0)
            memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        else
            sources.Add("procfs");
        var cpus = Math.Max(1, Environment.ProcessorCount - _options.ReservedCpus);
        memory = Math.Max(0, memory - _options.ReservedMemoryBytes);

        var inventory = new NodeInventory(_options.NodeName, cpus, memory, devices, topology, sources);
        _logger.NodeDiscovered(inventory.Name, cpus, memory, devices.Count, string.Join(",", sources));
        return inventory;
    }

    private async Task<IReadOnlyList<AcceleratorDevice>> DiscoverNvidiaAsync(List<string> sources, CancellationToken cancellationToken)
    {
        // NVML calls block (nvmlInit can take a second without persistence mode): keep them off the caller.
        var viaNvml = UseNvml ? await Task.Run(() => NvmlDiscovery.TryDiscover(_logger), cancellationToken) : null;
        if (viaNvml is not null)
        {
            if (viaNvml.Count > 0)
                sources.Add("nvml");
            return viaNvml;
        }

        var csv = await _commands.RunAsync("nvidia-smi", NvidiaSmiParser.QueryGpuArguments, Directories(NvidiaDirectories), cancellationToken);
        if (csv is null)
            return [];
        var parsed = NvidiaSmiParser.ParseQueryGpu(csv);
        if (!parsed.IsOk)
        {
            _logger.OutputNotUnderstood("nvidia-smi", parsed.Error.Message);
            return [];
        }

        if (parsed.Value.Count > 0)
            sources.Add("nvidia-smi");
        return parsed.Value;
    }

    private async Task<GpuTopology?> DiscoverTopologyAsync(List<string> sources, CancellationToken cancellationToken)
    {
        var text = await _commands.RunAsync("nvidia-smi", NvidiaTopologyParser.Arguments, Directories(NvidiaDirectories), cancellationToken);
        if (text is null)
            return null;
        var topology = NvidiaTopologyParser.Parse(text);
        if (topology is null)
            _logger.OutputNotUnderstood("nvidia-smi topo -m", "no GPU matrix found");
        else if (!sources.Contains("nvidia-smi"))
            sources.Add("nvidia-smi");
        return topology;
    }

    private async Task<IReadOnlyList<AcceleratorDevice>> DiscoverAmdAsync(List<string> sources, CancellationToken cancellationToken)
    {
        var json = await _commands.RunAsync("rocm-smi", RocmSmiParser.Arguments, Directories(RocmDirectories), cancellationToken);
        if (json is null)
            return [];
        var parsed = RocmSmiParser.Parse(json);
        if (!parsed.IsOk)
        {
            _logger.OutputNotUnderstood("rocm-smi", parsed.Error.Message);
            return [];
        }

        if (parsed.Value.Count > 0)
            sources.Add("rocm-smi");
        return parsed.Value;
    }

    private IReadOnlyList<string> Directories(string[] vendorDirectories) =>
        ToolDirectories ?? [.. ExecutableSearch.PathDirectories(), .. vendorDirectories];
}
