using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Tests.Harness;

/// <summary>Builds a queued job: one CPU, 1 GiB, no GPU, project "a", priority 0, submitted at its id, unless told otherwise.</summary>
public sealed class SchedJob(long id)
{
    private QueuedJob _job = new(id, "a", 0, id) { CpuMilli = 1000, MemoryBytes = 1L << 30 };

    public long Id => id;

    public SchedJob Project(string project)
    {
        _job = _job with { Project = project };
        return this;
    }

    public SchedJob Priority(int priority)
    {
        _job = _job with { Priority = priority };
        return this;
    }

    public SchedJob Gpus(int gpus, string? type = null)
    {
        _job = _job with { Gpus = gpus, GpuType = type };
        return this;
    }

    /// <summary>A share of one GPU, in thousandths.</summary>
    public SchedJob Share(int milli, string? type = null)
    {
        _job = _job with { Gpus = 1, GpuFractionMilli = milli, GpuType = type };
        return this;
    }

    public SchedJob Cpus(double cpus)
    {
        _job = _job with { CpuMilli = (long)(cpus * 1000) };
        return this;
    }

    public SchedJob MemoryGi(long gibibytes)
    {
        _job = _job with { MemoryBytes = gibibytes << 30 };
        return this;
    }

    public SchedJob Nodes(int nodes)
    {
        _job = _job with { Nodes = nodes };
        return this;
    }

    public SchedJob TimeLimit(double seconds)
    {
        _job = _job with { TimeLimitSeconds = seconds };
        return this;
    }

    public SchedJob Preemptible()
    {
        _job = _job with { Preemptible = true };
        return this;
    }

    public SchedJob SubmittedAt(double time)
    {
        _job = _job with { SubmitTime = time };
        return this;
    }

    public SchedJob Pool(string pool)
    {
        _job = _job with { Pool = pool };
        return this;
    }

    /// <summary>Only these pools (residency); the others only by burst, see <see cref="Burst"/>.</summary>
    public SchedJob Pools(params string[] pools)
    {
        _job = _job with { Pools = pools };
        return this;
    }

    /// <summary>Pools it may burst to when its wait in its own pools is over the snapshot's threshold.</summary>
    public SchedJob Burst(params string[] pools)
    {
        _job = _job with { BurstPools = pools };
        return this;
    }

    public QueuedJob Build() => _job;
}
