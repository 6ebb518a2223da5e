using Gantry.Cli.Infrastructure;
using Gantry.Core.Api.Serving;
using Spectre.Console;

namespace Gantry.Cli.Commands.Serving;

/// <summary>Waits until a deployment serves (or fails): a spinner on a terminal, silence elsewhere.</summary>
internal static class DeployWaiter
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The deployment once ready, failed, or as last seen when <paramref name="timeout"/> passed.</summary>
    public static async Task<DeploymentView> WaitAsync(CommandContext context, string name, int? version, TimeSpan timeout)
    {
        if (!context.Environment.IsTerminal)
            return await PollAsync(context, name, version, timeout, _ => { });
        return await context.Console.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync($"waiting for deployment {name}", status =>
                PollAsync(context, name, version, timeout, d => status.Status(Markup.Escape($"waiting for deployment {name}: {d.Status}, {d.ReadyReplicas}/{d.Replicas} replicas ready"))));
    }

    /// <summary>0 ready, 1 failed, 3 not ready in time.</summary>
    public static int ExitCodeFor(DeploymentView deployment) => deployment.Status switch
    {
        "ready" => ExitCodes.Ok,
        "failed" => ExitCodes.Failure,
        _ => ExitCodes.Timeout,
    };

    private static async Task<DeploymentView> PollAsync(CommandContext context, string name, int? version, TimeSpan timeout, Action<DeploymentView> progress)
    {
        var time = context.Environment.Time;
        var started = time.GetTimestamp();
        while (true)
        {
            var deployment = await context.Client.GetDeploymentAsync(name, context.CancellationToken);
            progress(deployment);
            var settled = deployment.Status == "failed" || (deployment.Status == "ready" && (version is null || deployment.ServingVersion == version));
            if (settled || time.GetElapsedTime(started) >= timeout)
                return deployment;
            await Task.Delay(Poll, time, context.CancellationToken);
        }
    }
}
