using Gantry.Core.Api;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>One page of the audit log.</summary>
    public Task<Page<AuditEntryView>> ListAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AuditQuery();
        var path = new QueryString("api/v1/audit")
            .Add("actor", query.Actor)
            .Add("action", query.Action)
            .Add("since", query.Since)
            .Add("until", query.Until)
            .Add("limit", query.Limit)
            .Add("cursor", query.Cursor);
        return GetAsync<Page<AuditEntryView>>(path.ToString(), cancellationToken);
    }

    /// <summary>Asks the server to recompute the audit hash chain.</summary>
    public Task<AuditVerifyResult> VerifyAuditAsync(CancellationToken cancellationToken = default) =>
        GetAsync<AuditVerifyResult>("api/v1/audit/verify", cancellationToken);
}
