using Gantry.Core.Api;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>Waiting jobs in scheduler order, with reasons and estimated starts.</summary>
    public Task<IReadOnlyList<QueueEntryView>> QueueAsync(string? project = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<QueueEntryView>>(new QueryString("api/v1/queue").Add("project", project).Add("limit", limit).ToString(), cancellationToken);

    /// <summary>Why a job is pending, or where it is, in words.</summary>
    public Task<ExplainView> ExplainJobAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<ExplainView>($"api/v1/jobs/{id}/explain", cancellationToken);

    /// <summary>Sets a project's quota (admin).</summary>
    public Task<ProjectView> SetQuotaAsync(string project, SetQuotaRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectView>(HttpMethod.Put, $"api/v1/projects/{Uri.EscapeDataString(project)}/quota", request, cancellationToken);
}
