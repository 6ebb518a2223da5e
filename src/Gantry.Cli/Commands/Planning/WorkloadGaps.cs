namespace Gantry.Cli.Commands.Planning;

/// <summary>Holds a planned workload against the hardware assessed: GPUs, memory per GPU, storage and wall-clock time.</summary>
internal static class WorkloadGaps
{
    public static WorkloadAssessment Assess(string file, WorkloadNeeds need, AssessMachine machine, DiskMeasurement disk)
    {
        var gpus = machine.RealGpus().ToList();
        var have = gpus.Count;
        var gaps = new List<WorkloadGap>();

        var fewer = need.MinGpus < need.Gpus ? $"; it fits on as few as {need.MinGpus} {need.Gpu} (slower)" : "";
        gaps.Add(new WorkloadGap("gpus", need.Gpus, have, "gpus", have >= need.Gpus,
            have >= need.Gpus
                ? $"the plan uses {need.Gpus} × {need.Gpu}; {have} GPUs here"
                : $"the plan uses {need.Gpus} × {need.Gpu}; {(have == 0 ? "no GPUs" : $"only {have}")} here{fewer}"));

        long? smallest = gpus.Count > 0 ? gpus.Min(g => g.MemoryBytes) : null;
        gaps.Add(new WorkloadGap("memory_per_gpu", need.MemoryPerGpuBytes, smallest, "bytes", smallest >= need.MemoryPerGpuBytes,
            $"{PlanText.Bytes(need.MemoryPerGpuBytes)} per GPU at the plan's layout ({need.Layout}); "
            + (smallest is { } s ? $"the smallest GPU here has {PlanText.Bytes(s)}" : "no GPUs here")));

        gaps.Add(new WorkloadGap("storage", need.StorageBytes, disk.FreeBytes, "bytes", disk.FreeBytes >= need.StorageBytes,
            $"{PlanText.Bytes(need.StorageBytes)} for {need.StorageDetail}; "
            + (disk.FreeBytes is { } free ? $"{PlanText.Bytes(free)} free in {disk.Directory} on this machine" : $"free space in {disk.Directory} unknown")));

        double? estimate = null;
        if (need.WallClockHours is { } planned)
        {
            var (hours, how) = Estimate(need, gpus);
            estimate = hours;
            gaps.Add(new WorkloadGap("wall_clock", planned, hours, "hours", null,
                $"planned {PlanText.Hours(planned)} on {need.Gpus} × {need.Gpu}; here {(hours is { } h ? PlanText.Hours(h) : "not possible")}: {how}"));
        }

        return new WorkloadAssessment
        {
            File = file,
            Kind = need.Kind,
            Gpu = need.Gpu,
            Gpus = need.Gpus,
            Gaps = gaps,
            EstimatedWallClockHours = estimate,
        };
    }

    /// <summary>
    /// Re-plans the work for the GPUs here when the catalog knows them (their speed, memory and MFU), else scales the
    /// planned GPU-hours over the GPUs here as if each were the planned kind.
    /// </summary>
    private static (double? Hours, string How) Estimate(WorkloadNeeds need, IReadOnlyList<AssessGpu> gpus)
    {
        if (gpus.Count == 0)
            return (null, "there are no GPUs to run it on");
        var kinds = gpus.Select(g => g.CatalogGpu).Distinct().ToList();
        if (kinds is [{ } kind] && need.Replan is { } replan)
        {
            var again = replan(kind, gpus.Count);
            if (!again.IsOk)
                return (null, $"re-planned for {gpus.Count} × {kind}: {again.Error.Message}");
            var r = again.Value;
            return r.Fits
                ? (r.WallClockHours, $"re-planned for {gpus.Count} × {kind} at MFU {PlanText.Percent(r.Mfu)} ({r.Layout})")
                : (null, $"it does not fit in the memory of {gpus.Count} × {kind}; it needs at least {r.MinGpus}");
        }

        if (need.GpuHours is not { } gpuHours)
            return (null, "the plan has no GPU-hours to scale");
        var models = string.Join(", ", gpus.Select(g => g.Model).Distinct());
        var why = kinds.Count > 1 ? "the GPUs here are of several kinds" : $"{models} is not in the planning catalog";
        return (gpuHours / gpus.Count,
            $"{PlanText.Whole(gpuHours)} GPU-hours over {gpus.Count} GPUs, assuming each is as fast as a {need.Gpu} ({why}) and memory permits");
    }
}
