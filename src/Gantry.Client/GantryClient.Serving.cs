using System.Net;
using Gantry.Core.Api.Serving;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>Deploys a registered ONNX model version; the deployment is ready once its replicas have warmed up.</summary>
    public Task<DeploymentView> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeploymentView>(HttpMethod.Post, "api/v1/deployments", request, cancellationToken);

    public Task<IReadOnlyList<DeploymentView>> ListDeploymentsAsync(string? project = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<DeploymentView>>(new QueryString("api/v1/deployments").Add("project", project).ToString(), cancellationToken);

    public Task<DeploymentView> GetDeploymentAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync<DeploymentView>(DeploymentPath(name), cancellationToken);

    public Task<DeploymentView> ScaleDeploymentAsync(string name, ScaleDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeploymentView>(HttpMethod.Put, DeploymentPath(name) + "/scale", request, cancellationToken);

    /// <summary>Changes the version or settings: a rolling swap on the server.</summary>
    public Task<DeploymentView> UpdateDeploymentAsync(string name, UpdateDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeploymentView>(HttpMethod.Patch, DeploymentPath(name), request, cancellationToken);

    public Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, DeploymentPath(name), cancellationToken);

    /// <summary>Open Inference Protocol model metadata: inputs and outputs with datatype and shape.</summary>
    public Task<ModelMetadataView> GetModelMetadataAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync<ModelMetadataView>($"v2/models/{Uri.EscapeDataString(name)}", cancellationToken);

    /// <summary>Whether the deployment answers inference now (Open Inference Protocol model ready).</summary>
    public async Task<bool> IsModelReadyAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(HttpMethod.Get, $"v2/models/{Uri.EscapeDataString(name)}/ready", null, static (_, _) => Task.FromResult(true), RequestTimeout, cancellationToken);
            return true;
        }
        catch (GantryApiException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.ServiceUnavailable)
        {
            return false;
        }
    }

    /// <summary>One Open Inference Protocol infer request in JSON; failures arrive as <see cref="GantryApiException"/> with the server's sentence.</summary>
    public Task<InferResult> InferAsync(string name, InferRequestBody request, CancellationToken cancellationToken = default) =>
        SendAsync<InferResult>(HttpMethod.Post, $"v2/models/{Uri.EscapeDataString(name)}/infer", request, cancellationToken);

    private static string DeploymentPath(string name) => "api/v1/deployments/" + Uri.EscapeDataString(name);
}
