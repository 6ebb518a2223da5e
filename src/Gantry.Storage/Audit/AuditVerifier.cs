using Gantry.Core.Api;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Audit;

/// <summary>Recomputes the audit chain from the first entry and names the first one that was changed or removed.</summary>
public static class AuditVerifier
{
    private const int PageSize = 2000;

    /// <param name="expectedLastSeq">The last sequence number the writer knows of; catches removal of the newest entries.</param>
    public static async Task<AuditVerifyResult> VerifyAsync(GantryDbContext db, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        var prevHash = AuditChain.Genesis;
        long expectedSeq = 1;
        long count = 0;
        while (true)
        {
            var from = expectedSeq;
            var page = await db.Audit.AsNoTracking()
                .Where(a => a.Seq >= from)
                .OrderBy(a => a.Seq)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var entry in page)
            {
                if (Check(entry, expectedSeq, prevHash) is { } problem)
                    return new AuditVerifyResult(false, count, expectedSeq == entry.Seq ? entry.Seq : expectedSeq, problem);
                prevHash = entry.Hash;
                expectedSeq++;
                count++;
            }

            if (page.Count < PageSize)
                break;
        }

        if (expectedLastSeq is { } last && count < last)
            return new AuditVerifyResult(false, count, count + 1, $"entries {count + 1} to {last} were removed from the end of the log");
        return new AuditVerifyResult(true, count, null, null);
    }

    private static string? Check(AuditRecord entry, long expectedSeq, string prevHash)
    {
        if (entry.Seq != expectedSeq)
            return entry.Seq > expectedSeq
                ? $"entry {expectedSeq} is missing: it was removed"
                : $"entry {entry.Seq} is out of order";
        if (!string.Equals(entry.PrevHash, prevHash, StringComparison.Ordinal))
            return $"entry {entry.Seq} does not chain to entry {entry.Seq - 1}: an earlier entry was changed or removed";
        if (!string.Equals(AuditChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            return $"entry {entry.Seq} was changed after it was written";
        return null;
    }
}
