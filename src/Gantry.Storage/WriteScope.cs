using Gantry.Storage.Audit;
using Gantry.Storage.Records;

namespace Gantry.Storage;

/// <summary>
/// What one write operation sees: the context of the open transaction, the time, id counters, and
/// the audit log, whose entries commit in the same transaction as the change they describe.
/// </summary>
public sealed class WriteScope
{
    private readonly MetadataWriter.Counters _counters;
    private readonly List<Action> _afterCommit;

    internal WriteScope(GantryDbContext db, DateTimeOffset now, MetadataWriter.Counters counters, List<Action> afterCommit)
    {
        Db = db;
        Now = now;
        _counters = counters;
        _afterCommit = afterCommit;
    }

    public GantryDbContext Db { get; }

    public DateTimeOffset Now { get; }

    public long NowMs => Now.ToUnixTimeMilliseconds();

    public long NextJobId() => _counters.NextJobId++;

    public long NextTokenId() => _counters.NextTokenId++;

    /// <summary>Runs <paramref name="action"/> once the transaction has committed (never if it rolls back), before the write's caller is answered.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>At most <paramref name="max"/> characters, never half a surrogate pair (PostgreSQL refuses invalid UTF-16).</summary>
    private static string? Cut(string? text, int max) =>
        text is { Length: > 0 } && text.Length > max ? text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)] : text;

    /// <summary>Appends an audit entry to the chain, in this transaction.</summary>
    public void Audit(string actor, string action, string? target, string outcome, string? detail = null)
    {
        var entry = new AuditRecord
        {
            Seq = _counters.AuditSeq + 1,
            AtMs = NowMs,
            Actor = actor,
            Action = action,
            Target = target,
            Outcome = outcome,
            Detail = Cut(detail, 2000),
            PrevHash = _counters.AuditHash,
            Hash = string.Empty,
        };
        entry.Hash = AuditChain.ComputeHash(entry);
        Db.Audit.Add(entry);
        _counters.AuditSeq = entry.Seq;
        _counters.AuditHash = entry.Hash;
    }
}
