using System.Net;
using Gantry.Core.Api.Serving;
using Gantry.Serving.Tests;
using Gantry.Storage.Tests;
using static Gantry.IntegrationTests.ServingTestKit;

namespace Gantry.IntegrationTests;

/// <summary>Two `gantry server` processes on one PostgreSQL database both serve every deployment, whichever server changed it.</summary>
public sealed class SharedDeploymentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADeploymentCreatedScaledAndDeletedThroughOneServer_IsServedAndRemovedByTheOther()
    {
        Requirements.Require(TestPostgres.IsConfigured, TestPostgres.Missing);
        var dataDir = Directory.CreateTempSubdirectory("gantry-shared-deploy-").FullName;
        var database = TestPostgres.NewDatabase();
        var config = TestMetadata.Postgres(database);
        config["Metadata:PollInterval"] = "00:00:00.250";
        try
        {
            using var first = await ServerProcess.StartAsync(dataDir, config);
            var token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.token"), Ct)).Trim();
            using var second = await ServerProcess.StartAsync(dataDir, config);
            using var one = first.ClientFor(token);
            using var other = second.ClientFor(token);

            await one.DeployAsync("lin", OnnxModels.Linear(4, 3));
            await other.WaitServingAsync("lin");
            var (json, expected) = LinearRequest(3);
            AssertClose(expected, Floats(await (await other.InferAsync("lin", json)).OkJsonAsync(), "y"));

            (await one.PutAsync("/api/v1/deployments/lin/scale", TestServer.Json(new ScaleDeploymentRequest(Replicas: 2)), Ct)).EnsureSuccessStatusCode();
            await MonitoringSupport.EventuallyAsync(
                () => other.GetFromJsonAsync<DeploymentView>("/api/v1/deployments/lin"),
                d => d.Replicas == 2 && d.ReadyReplicas == 2,
                "the other server to run 2 replicas");

            (await one.DeleteAsync("/api/v1/deployments/lin", Ct)).EnsureSuccessStatusCode();
            await MonitoringSupport.EventuallyAsync(
                async () => (await other.GetAsync("/v2/models/lin/ready", Ct)).StatusCode,
                status => status == HttpStatusCode.NotFound,
                "the other server to stop serving the deleted deployment");
        }
        finally
        {
            await TestPostgres.DropAsync(database);
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
