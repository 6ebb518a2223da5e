using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

/// <summary>
/// Flushes prediction counts every <see cref="ServingOptions.UsageFlushInterval"/> and moves the replica spans'
/// last-seen time every <see cref="ServingOptions.SpanHeartbeat"/>, on the server's <see cref="TimeProvider"/>; flushes
/// once more when the server stops (after the HTTP server stopped taking requests).
/// </summary>
internal sealed class ServingUsageLoop(ServingUsage usage, DeploymentSpans spans, IOptions<ServingOptions> options, TimeProvider time, ILogger<ServingUsageLoop> logger)
    : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await usage.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.UsageFlushFailed(logger, e);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            EveryAsync(options.Value.UsageFlushInterval, usage.FlushAsync, stoppingToken),
            EveryAsync(options.Value.SpanHeartbeat, spans.HeartbeatAsync, stoppingToken));

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task<int>> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await work(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.UsageFlushFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
