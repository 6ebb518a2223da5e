using System.Globalization;
using Gantry.Core.Jobs;
using Gantry.Core.Text;
using Gantry.Storage.Records;

namespace Gantry.Server.Jobs;

/// <summary>At submit: a job larger than its project's quota limit could never start, so it is refused with the reason.</summary>
internal static class QuotaFit
{
    public static string? WhyNever(ResourceRequest r, ProjectRecord project)
    {
        var gpus = r.Gpus * r.Nodes * r.GpuMilli / 1000.0;
        var cpus = r.Cpus * r.Nodes;
        var memory = r.MemoryBytes * r.Nodes;
        var (limitGpus, limitCpus, limitMemory) = project.Cohort is null && project.LimitGpus is null && project.LimitCpus is null && project.LimitMemoryBytes is null
            ? Guarantee(project)
            : (project.LimitGpus, project.LimitCpus, project.LimitMemoryBytes);
        if (limitGpus is { } g && gpus > g + 1e-9)
            return $"it asks for {Num(gpus)} GPUs but project '{project.Name}' may hold at most {Num(g)}";
        if (limitCpus is { } c && cpus > c + 1e-9)
            return $"it asks for {Num(cpus)} CPUs but project '{project.Name}' may hold at most {Num(c)}";
        if (limitMemory is { } m && memory > m)
            return $"it asks for {MemorySize.Human(memory)} of memory but project '{project.Name}' may hold at most {MemorySize.Human(m)}";
        return null;
    }

    /// <summary>Without a cohort to borrow from and without a limit, the guaranteed quota is the cap (when one is set).</summary>
    private static (double?, double?, long?) Guarantee(ProjectRecord p) =>
        Accounts.QuotaText.ViewOf(p) is null ? (null, null, null) : (p.QuotaGpus, p.QuotaCpus, p.QuotaMemoryBytes);

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
