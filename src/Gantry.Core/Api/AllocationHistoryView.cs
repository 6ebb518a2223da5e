namespace Gantry.Core.Api;

/// <summary>
/// How much of the cluster's accelerator time jobs held over a window, from Gantry's job records
/// (<c>GET /api/v1/assess/history</c>). Allocation, not utilisation: a job that holds a GPU and idles it counts
/// as allocated; SM activity comes with GPU telemetry.
/// </summary>
public sealed record AllocationHistoryView
{
    /// <summary>The window asked for, in days, ending now.</summary>
    public required int Days { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>When this server began keeping records (its first start); the window is measured from here when later than <see cref="From"/>.</summary>
    public DateTimeOffset? RecordsSince { get; init; }

    /// <summary>Hours of the window that Gantry has records for.</summary>
    public required double CoveredHours { get; init; }

    public required int Nodes { get; init; }

    /// <summary>Accelerators on the cluster's nodes now.</summary>
    public required int Gpus { get; init; }

    /// <summary>Job attempts that held accelerators during the window.</summary>
    public required int Jobs { get; init; }

    /// <summary>Σ GPUs × hours held, each job's run clamped to the window (a running job counts to now).</summary>
    public required double AllocatedGpuHours { get; init; }

    /// <summary><see cref="Gpus"/> × <see cref="CoveredHours"/>.</summary>
    public required double AvailableGpuHours { get; init; }

    /// <summary><see cref="AllocatedGpuHours"/> / <see cref="AvailableGpuHours"/>, 0 to 1; null without accelerators or covered time.</summary>
    public double? Allocation { get; init; }

    /// <summary>The most accelerators held at one moment in the window.</summary>
    public required int PeakGpusAllocated { get; init; }

    /// <summary>The planning-catalog GPU the cluster's accelerators were matched to, when they all match one.</summary>
    public string? CatalogGpu { get; init; }

    /// <summary>What the unallocated GPU-hours cost as owned servers (catalog price, amortised, with idle power); null when unpriced.</summary>
    public double? IdleUsd { get; init; }

    /// <summary>The utilisation above which owning <see cref="CatalogGpu"/> costs less than renting it on demand.</summary>
    public double? BreakEvenUtilization { get; init; }

    /// <summary>"allocation": what the figures measure.</summary>
    public required string Measures { get; init; }

    /// <summary>What the figures do not say, in words.</summary>
    public required string Note { get; init; }

    /// <summary>Right-sizing advice in words.</summary>
    public required string Advice { get; init; }
}
