using Gantry.Cli.Commands.Data;
using Gantry.Client;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

public sealed class DataCrashTests
{
    [Fact]
    public async Task Sigkill_MidPush_KeepsTheEarlierVersion_AndTheInterruptedPushResumesWhole()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-datacrash-").FullName;
        var work = Directory.CreateTempSubdirectory("gantry-datacrash-work-").FullName;
        try
        {
            var v1 = Tree(Path.Join(work, "v1"), seed: 31, small: 20, large: 1);
            var v2 = Tree(Path.Join(work, "v2"), seed: 32, small: 40, large: 6, largeBytes: 8 << 20);
            string token;
            using (var first = await ServerProcess.StartAsync(dataDir))
            {
                token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.token"), Ct)).Trim();
                using var client = new GantryClient(new Uri(first.Address), token);
                await client.CreateDatasetAsync(new CreateDatasetRequest("crash"), Ct);
                await Transfer(client).PushAsync("crash", v1, Ct);

                var midway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                long sent = 0;
                var transfer = new DatasetTransfer(client)
                {
                    Parallelism = 4,
                    MaxAttempts = 2,
                    TransferProgress = new Counter(delta =>
                    {
                        if (Interlocked.Add(ref sent, delta) > 12 << 20)
                            midway.TrySetResult();
                    }),
                };
                var push = transfer.PushAsync("crash", v2, Ct);
                await Task.WhenAny(midway.Task, push);
                Assert.False(push.IsCompleted, "the push finished before the server could be killed");
                await first.KillAsync();
                await Assert.ThrowsAnyAsync<Exception>(() => push);
            }

            using var second = await ServerProcess.StartAsync(dataDir);
            using var again = new GantryClient(new Uri(second.Address), token);
            var afterCrash = await again.GetDatasetAsync("crash", Ct);
            var keptV1 = await Transfer(again).PullAsync("crash", 1, Path.Join(work, "pulled-v1"), Ct);
            var resumed = await Transfer(again).PushAsync("crash", v2, Ct);
            var pulledV2 = await Transfer(again).PullAsync("crash", 2, Path.Join(work, "pulled-v2"), Ct);

            Assert.Equal([1], afterCrash.Versions.Select(v => v.Version));
            Assert.Equal(await HashOfAsync(v1), await HashOfAsync(keptV1.Directory));
            Assert.Equal(2, resumed.Commit.Version.Version);
            Assert.Equal(await HashOfAsync(v2), await HashOfAsync(pulledV2.Directory));
            using var http = second.ClientFor(token);
            var verify = await (await http.GetAsync("/api/v1/audit/verify", Ct)).ReadAsync<AuditVerifyResult>();
            Assert.True(verify.Ok, verify.Problem);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private sealed class Counter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
