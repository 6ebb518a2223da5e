using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Text;
using Gantry.Storage.Records;

namespace Gantry.Server.Accounts;

/// <summary>Between a project's quota as the API shows it and as it is stored.</summary>
internal static class QuotaText
{
    public static QuotaView? ViewOf(ProjectRecord p)
    {
        var hasGuarantee = p.QuotaGpus is not null || p.QuotaCpus is not null || p.QuotaMemoryBytes is not null;
        var hasLimit = p.LimitGpus is not null || p.LimitCpus is not null || p.LimitMemoryBytes is not null;
        if (!hasGuarantee && !hasLimit && p.Cohort is null && p.Weight == 1)
            return null;
        return new QuotaView(
            new ResourceAmounts(p.QuotaGpus, p.QuotaCpus, p.QuotaMemoryBytes is { } q ? MemorySize.Format(q) : null),
            hasLimit ? new ResourceAmounts(p.LimitGpus, p.LimitCpus, p.LimitMemoryBytes is { } m ? MemorySize.Format(m) : null) : null,
            p.Cohort,
            p.Weight);
    }

    /// <summary>Validates a quota request and writes it onto the record, or says what is wrong.</summary>
    public static GantryError? Apply(SetQuotaRequest request, ProjectRecord p)
    {
        var guaranteed = request.Guaranteed ?? new ResourceAmounts();
        long? gMemory = null;
        if (guaranteed.Memory is not null)
        {
            var parsed = Memory(guaranteed.Memory, "guaranteed.memory");
            if (!parsed.IsOk)
                return parsed.Error;
            gMemory = parsed.Value;
        }
        long? lMemory = null;
        if (request.Limit?.Memory is not null)
        {
            var parsed = Memory(request.Limit.Memory, "limit.memory");
            if (!parsed.IsOk)
                return parsed.Error;
            lMemory = parsed.Value;
        }

        foreach (var (value, what) in new[]
                 {
                     (guaranteed.Gpus, "guaranteed.gpus"), (guaranteed.Cpus, "guaranteed.cpus"),
                     (request.Limit?.Gpus, "limit.gpus"), (request.Limit?.Cpus, "limit.cpus"),
                 })
        {
            if (value is { } v && (double.IsNaN(v) || v < 0 || v > 1_000_000))
                return GantryError.Invalid($"{what} {v} must be between 0 and 1000000");
        }

        if (request.Limit?.Gpus < guaranteed.Gpus || request.Limit?.Cpus < guaranteed.Cpus || lMemory < gMemory)
            return GantryError.Invalid("a limit must not be below the guaranteed quota");
        if (request.Cohort is not null && NameRules.Check(request.Cohort, "cohort") is { } cohortError)
            return GantryError.Invalid(cohortError);
        if (request.Weight is { } w && (double.IsNaN(w) || w <= 0 || w > 1000))
            return GantryError.Invalid($"weight {w} must be above 0 and at most 1000");

        p.QuotaGpus = guaranteed.Gpus;
        p.QuotaCpus = guaranteed.Cpus;
        p.QuotaMemoryBytes = gMemory;
        p.LimitGpus = request.Limit?.Gpus;
        p.LimitCpus = request.Limit?.Cpus;
        p.LimitMemoryBytes = lMemory;
        p.Cohort = request.Cohort;
        p.Weight = request.Weight ?? 1;
        return null;
    }

    private static Outcome<long> Memory(string? text, string what)
    {
        if (text is null)
            return 0L;
        var parsed = MemorySize.Parse(text, what);
        if (!parsed.IsOk)
            return parsed.Error;
        return parsed.Value < 0 ? GantryError.Invalid($"{what} must not be negative") : parsed.Value;
    }
}
