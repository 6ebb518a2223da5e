using Gantry.Core.Api;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>The text of <c>/healthz</c>: the server process is up.</summary>
    public Task<string> HealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "healthz", null, ReadTextAsync, RequestTimeout, cancellationToken);

    /// <summary>The text of <c>/readyz</c>: the server can take requests.</summary>
    public Task<string> ReadyAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "readyz", null, ReadTextAsync, RequestTimeout, cancellationToken);

    public Task<IReadOnlyList<NodeView>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<NodeView>>("api/v1/nodes", cancellationToken);

    public Task<IReadOnlyList<GpuView>> ListGpusAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<GpuView>>("api/v1/gpus", cancellationToken);

    private static Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content.ReadAsStringAsync(cancellationToken);
}
