using Gantry.Core.Jobs;
using Gantry.Server;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Benchmarks;

/// <summary>Finished jobs written straight into a bench server's metadata, so reads run against a realistic history.</summary>
internal static class JobHistory
{
    public static async Task FillAsync(GantryApp app, int jobs)
    {
        var writer = app.Services.GetRequiredService<MetadataWriter>();
        JobState[] states = [JobState.Succeeded, JobState.Succeeded, JobState.Succeeded, JobState.Failed, JobState.Cancelled];
        for (var batch = 0; batch < jobs / 1000; batch++)
        {
            await writer.WriteAsync(scope =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    var id = scope.NextJobId();
                    var age = (id % 720) * 3_600_000L; // spread over the last 30 days
                    scope.Db.Jobs.Add(new JobRecord
                    {
                        Id = id,
                        Name = "history",
                        Project = "default",
                        User = "admin",
                        State = states[id % states.Length],
                        CommandJson = "[\"true\"]",
                        EnvJson = "{}",
                        Gpus = (int)(id % 3),
                        Devices = (id % 3) switch { 1 => "0", 2 => "0,1", _ => null },
                        Node = "bench",
                        Pool = "local",
                        Cpus = 1,
                        MemoryBytes = 1 << 30,
                        Nodes = 1,
                        Attempt = 1,
                        SubmittedAtMs = scope.NowMs - age - 3_600_000,
                        StartedAtMs = scope.NowMs - age - 3_000_000,
                        FinishedAtMs = scope.NowMs - age - 1_000_000,
                    });
                }

                return true;
            });
        }
    }
}
