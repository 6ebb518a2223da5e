using System.Globalization;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Gantry.Storage;
using Gantry.Storage.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Api;

internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var audit = routes.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(GantryPolicies.Admin);
        audit.MapGet("/", ListAsync).WithName("ListAudit").WithSummary("Audit entries, newest first, filtered by actor, action and time (admin)");
        audit.MapGet("/verify", VerifyAsync).WithName("VerifyAudit").WithSummary("Recompute the hash chain and name the first broken entry (admin)");
        return routes;
    }

    private static async Task<Results<Ok<Page<AuditEntryView>>, ProblemHttpResult>> ListAsync(
        string? actor, string? action, string? since, string? until, int? limit, string? cursor,
        MetadataStore store, TimeProvider time, CancellationToken ct)
    {
        var from = ParseTime(since, "since", time);
        var to = ParseTime(until, "until", time);
        if (!from.IsOk)
            return Problems.From(from.Error);
        if (!to.IsOk)
            return Problems.From(to.Error);
        var size = limit ?? 100;
        if (size is < 1 or > 1000)
            return Problems.From(GantryError.Invalid("limit must be between 1 and 1000"));
        long? below = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                return Problems.From(GantryError.Invalid($"cursor '{cursor}' is not one this server gave out"));
            below = c;
        }

        await using var db = store.CreateContext();
        var query = db.Audit.AsNoTracking().AsQueryable();
        if (actor is not null)
            query = query.Where(a => a.Actor == actor);
        if (action is not null)
            query = query.Where(a => a.Action == action);
        if (from.Value is { } f)
            query = query.Where(a => a.AtMs >= f);
        if (to.Value is { } u)
            query = query.Where(a => a.AtMs <= u);
        if (below is { } b)
            query = query.Where(a => a.Seq < b);
        var rows = await query.OrderByDescending(a => a.Seq).Take(size + 1).ToListAsync(ct);
        var next = rows.Count > size ? rows[size - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        var items = rows.Take(size).Select(a => new AuditEntryView(
            a.Seq, DateTimeOffset.FromUnixTimeMilliseconds(a.AtMs), a.Actor, a.Action, a.Target, a.Outcome, a.Detail, a.Hash)).ToArray();
        return TypedResults.Ok(new Page<AuditEntryView>(items, next));
    }

    private static async Task<Ok<AuditVerifyResult>> VerifyAsync(MetadataStore store, MetadataWriter writer, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        return TypedResults.Ok(await AuditVerifier.VerifyAsync(db, writer.LastAuditSeq, ct));
    }

    /// <summary>An ISO-8601 time, or a duration meaning "that long ago" (24h, 7d).</summary>
    private static Outcome<long?> ParseTime(string? text, string what, TimeProvider time)
    {
        if (text is null)
            return Outcome<long?>.Ok(null);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return Outcome<long?>.Ok(at.ToUnixTimeMilliseconds());
        var ago = DurationText.Parse(text, what);
        if (!ago.IsOk)
            return GantryError.Invalid($"{what} '{text}' is neither a time like 2026-11-28T10:00:00Z nor a duration like 24h");
        var now = time.GetUtcNow();
        return ago.Value >= now - DateTimeOffset.UnixEpoch
            ? Outcome<long?>.Ok(0)
            : Outcome<long?>.Ok((now - ago.Value).ToUnixTimeMilliseconds());
    }
}
