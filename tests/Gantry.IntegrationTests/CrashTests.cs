using System.Collections.Concurrent;
using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class CrashTests
{
    [Fact]
    public async Task Sigkill_WhileJobsAreSubmittedAndRunning_LosesNoAcknowledgedJob()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-crash-").FullName;
        var acknowledged = new ConcurrentBag<long>();
        string token;
        using (var first = await ServerProcess.StartAsync(dataDir))
        {
            token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.token"), TestContext.Current.CancellationToken)).Trim();
            using var client = first.ClientFor(token);
            var killAfter = 40;
            using var stop = new CancellationTokenSource();
            var submitters = Enumerable.Range(0, 4).Select(async n =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var spec = TestServer.Shell(i % 2 == 0 ? "sleep 0.5; echo done" : "echo quick", gpus: i % 5 == 0 ? 1 : 0, name: $"crash-{n}-{i}") with { MaxRetries = 1 };
                    try
                    {
                        using var response = await client.PostAsync("/api/v1/jobs", TestServer.Json(spec), stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                            acknowledged.Add((await response.ReadAsync<SubmitResponse>()).JobIds[0]);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the server died under this request: it was never acknowledged
                    }
                }
            }).ToArray();

            var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
            while (acknowledged.Count < killAfter)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "submissions did not get through");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(submitters);
        }

        using var second = await ServerProcess.StartAsync(dataDir);
        using var admin = second.ClientFor(token);
        foreach (var id in acknowledged)
        {
            var job = await admin.WaitAsync(id);
            Assert.True(job.State is JobState.Succeeded, $"job {id} ended {job.State}: {job.Reason}");
        }

        var verify = await (await admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken)).ReadAsync<AuditVerifyResult>();
        Assert.True(verify.Ok, verify.Problem);
        var all = await (await admin.GetAsync("/api/v1/jobs?limit=1000", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        foreach (var job in all.Items)
            Assert.True((await admin.WaitAsync(job.Id)).State.IsFinal());
        Directory.Delete(dataDir, recursive: true);
    }
}
