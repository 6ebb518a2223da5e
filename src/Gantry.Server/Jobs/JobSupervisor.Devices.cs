using Gantry.Execution;
using Gantry.Server.Cluster;

namespace Gantry.Server.Jobs;

internal sealed partial class JobSupervisor
{
    /// <summary>
    /// Where the engine picks the GPUs inside a node (Slurm's GRES takes a count), the job's record and allocation take
    /// the engine's choice once the task runs, so that node views and per-GPU telemetry attribution name the right GPUs.
    /// A node whose count differs from what Gantry placed keeps Gantry's record.
    /// </summary>
    private void FollowEngineDevices(RunningJob job, string handle)
    {
        if (job.Executor is not IEngineChosenDevices engine || job.Allocation.DeviceCount == 0)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                if (await engine.ChosenDevicesAsync(handle, _stopping) is not { } chosen)
                    return;
                var before = job.Allocation.Placements;
                var after = before.Select(p => chosen.FirstOrDefault(c => c.Node == p.Node) is { } c && c.Devices.Count == p.Devices.Count
                        ? new NodeDevices(p.Node, c.Devices)
                        : p)
                    .ToArray();
                if (before.Zip(after).All(pair => pair.First.Devices.SequenceEqual(pair.Second.Devices)))
                    return;
                var changed = await writer.WriteAsync(scope =>
                {
                    var record = scope.Db.Jobs.Find(job.JobId);
                    if (record is not { State: Core.Jobs.JobState.Running } || record.Handle != handle)
                        return false;
                    record.Devices = string.Join(',', after[0].Devices);
                    record.GangJson = NodeDevices.Serialize(after);
                    return true;
                }, _stopping);
                if (!changed)
                    return;
                job.Allocation = job.Allocation with { Placements = after };
                events.Changed(job.JobId);
                Log.EngineChoseDevices(logger, job.JobId, string.Join("; ", after.Select(p => $"{p.Node}: {string.Join(',', p.Devices)}")));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // The server is stopping; the next one asks again when it re-attaches.
            }
            catch (Exception ex)
            {
                Log.WatchFailed(logger, job.JobId, ex);
            }
        });
    }
}
