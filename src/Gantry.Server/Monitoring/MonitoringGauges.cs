using System.Diagnostics.Metrics;
using System.Globalization;
using Gantry.Core.Jobs;
using Gantry.Execution.Telemetry;
using Gantry.Server.Cluster;
using Gantry.Server.Jobs;
using Gantry.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>
/// The observable instruments, read at each scrape: jobs by state (from the metadata), GPUs allocated,
/// per-GPU telemetry under DCGM exporter's names and labels, and per-job GPU attribution. Series of a
/// GPU that stopped reporting or of a job that ended disappear at the next scrape.
/// </summary>
internal sealed class MonitoringGauges
{
    private static readonly JobState[] States = Enum.GetValues<JobState>();

    private readonly MetadataStore _store;
    private readonly ClusterInventory _inventory;
    private readonly JobSupervisor _supervisor;
    private readonly TelemetryCollector _collector;

    public MonitoringGauges(GantryMetrics metrics, MetadataStore store, ClusterInventory inventory, JobSupervisor supervisor, TelemetryCollector collector)
    {
        _store = store;
        _inventory = inventory;
        _supervisor = supervisor;
        _collector = collector;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("gantry_jobs", JobsByState, description: "Jobs by state (every job in the metadata)");
        meter.CreateObservableGauge("gantry_gpus", GpusByState, description: "Accelerators by state: allocated to a job or free");
        Gpu(meter, DcgmFields.GpuUtil, s => s.UtilizationPercent, "GPU utilization (in %).");
        Gpu(meter, DcgmFields.FbUsed, s => s.MemoryUsedBytes / (double?)DcgmFields.MiB, "Framebuffer memory used (in MiB).");
        Gpu(meter, DcgmFields.FbFree, s => s.MemoryFreeBytes / (double?)DcgmFields.MiB, "Framebuffer memory free (in MiB).");
        Gpu(meter, DcgmFields.PowerUsage, s => s.PowerWatts, "Power draw (in W).");
        Gpu(meter, DcgmFields.GpuTemp, s => s.TemperatureCelsius, "GPU temperature (in C).");
        Gpu(meter, DcgmFields.SmClock, s => s.SmClockMhz, "SM clock frequency (in MHz).");
        meter.CreateObservableCounter(DcgmFields.TotalEnergyConsumption, () => GpuValues(s => s.EnergyMillijoules),
            description: "Total energy consumption since boot (in mJ).");
        meter.CreateObservableGauge("gantry_job_gpu_utilization", () => JobValues(s => s.UtilizationPercent),
            description: "GPU utilization (in %) of each GPU a running job holds");
        meter.CreateObservableGauge("gantry_job_gpu_memory_used_bytes", () => JobValues(s => s.MemoryUsedBytes),
            description: "GPU memory used (in bytes) on each GPU a running job holds");
        meter.CreateObservableGauge("gantry_job_gpu_power_watts", () => JobValues(s => s.PowerWatts),
            description: "Power draw (in W) of each GPU a running job holds");
    }

    private void Gpu(Meter meter, string name, Func<GpuSample, double?> value, string description) =>
        meter.CreateObservableGauge(name, () => GpuValues(value), description: description);

    private IEnumerable<Measurement<long>> JobsByState()
    {
        using var db = _store.CreateContext();
        var counts = db.Jobs.GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.LongCount() }).ToDictionary(x => x.State, x => x.Count);
        return States.Select(s => new Measurement<long>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", s.ToString().ToLowerInvariant())));
    }

    private IEnumerable<Measurement<long>> GpusByState()
    {
        var total = _inventory.Nodes.Sum(n => (long)n.Node.Accelerators.Count);
        var allocated = _supervisor.Allocations.Sum(a => (long)a.DeviceCount);
        return
        [
            new Measurement<long>(allocated, new KeyValuePair<string, object?>("state", "allocated")),
            new Measurement<long>(Math.Max(0, total - allocated), new KeyValuePair<string, object?>("state", "free")),
        ];
    }

    private IEnumerable<Measurement<double>> GpuValues(Func<GpuSample, double?> value)
    {
        foreach (var a in _collector.Latest)
        {
            if (value(a.Sample) is not { } v)
                continue;
            yield return new Measurement<double>(v,
                new KeyValuePair<string, object?>("gpu", a.Sample.Index.ToString(CultureInfo.InvariantCulture)),
                new KeyValuePair<string, object?>("UUID", a.Sample.Uuid ?? string.Empty),
                new KeyValuePair<string, object?>("modelName", a.Sample.Model ?? string.Empty),
                new KeyValuePair<string, object?>("Hostname", a.Node));
        }
    }

    private IEnumerable<Measurement<double>> JobValues(Func<GpuSample, double?> value)
    {
        foreach (var a in _collector.Latest)
        {
            if (a.JobId is not { } job || value(a.Sample) is not { } v)
                continue;
            yield return new Measurement<double>(v,
                new KeyValuePair<string, object?>("job", job.ToString(CultureInfo.InvariantCulture)),
                new KeyValuePair<string, object?>("project", a.Project ?? string.Empty),
                new KeyValuePair<string, object?>("gpu", a.Sample.Index.ToString(CultureInfo.InvariantCulture)),
                new KeyValuePair<string, object?>("Hostname", a.Node));
        }
    }
}
