using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

/// <summary>
/// Every <see cref="ServingOptions.AutoscaleInterval"/>, moves each autoscaled deployment (min below max) one replica
/// up or down: up when its queue holds more than a full batch per replica or its p99 latency is over
/// <see cref="ServingOptions.TargetLatencyMs"/>; down when p99 is under half the target and the queue is empty; to zero
/// when min is 0 and no request came for <see cref="ServingOptions.ScaleToZeroAfter"/>. A request to a deployment at
/// zero wakes it (see <see cref="DeploymentManager.Wake"/>). Tests call <see cref="Step"/> directly.
/// </summary>
internal sealed class ServingAutoscaler(DeploymentManager manager, IOptions<ServingOptions> options, TimeProvider time, ILogger<ServingAutoscaler> logger)
    : BackgroundService
{
    /// <summary>One look at every deployment; returns the decisions made (deployment, from, to) for logs and tests.</summary>
    public IReadOnlyList<(string Deployment, int From, int To)> Step()
    {
        var decisions = new List<(string, int, int)>();
        var settings = options.Value;
        var target = settings.TargetLatencyMs / 1000;
        foreach (var live in manager.All)
        {
            var (requests, mean, p99) = live.Latency.TakeSnapshot();
            var spec = live.Spec;
            if (!spec.Autoscaled || live.Failure is not null || live.Updating || live.Slot is not { } slot)
                continue;
            var current = live.TargetReplicas;
            if (current == 0)
                continue;
            var idle = time.GetElapsedTime(live.LastRequest);
            var queued = slot.Model.QueuedRows;
            var next = current;
            if (spec.MinReplicas == 0 && requests == 0 && queued == 0 && idle >= settings.ScaleToZeroAfter)
                next = 0;
            else if (queued > spec.Settings.MaxBatchRows * current || p99 > target || mean > target)
                next = current + 1;
            else if (requests > 0 && p99 < target / 2 && queued == 0)
                next = current - 1;
            else if (requests == 0 && queued == 0)
                next = current - 1;
            next = Math.Clamp(next, next == 0 ? 0 : Math.Max(spec.MinReplicas, 1), spec.MaxReplicas);
            if (next == current)
                continue;
            decisions.Add((live.Name, current, next));
            manager.SetReplicas(live, next, next == 0 ? "idle: scaled to zero" : $"autoscale: p99 {p99 * 1000:0.#} ms, {queued} rows queued");
        }

        return decisions;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AutoscaleInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Step();
                }
                catch (Exception e)
                {
                    Log.AutoscaleFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
