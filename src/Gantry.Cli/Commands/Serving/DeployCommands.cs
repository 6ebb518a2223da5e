using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Core.Api.Serving;

namespace Gantry.Cli.Commands.Serving;

/// <summary><c>gantry deploy create|ls|show|scale|update|rm</c>.</summary>
internal static class DeployCommands
{
    public static Command Create(CommandBinder binder) => new("deploy", "Serve registered ONNX models over the Open Inference Protocol")
    {
        CreateDeployment(binder),
        List(binder),
        Show(binder),
        Scale(binder),
        Update(binder),
        Remove(binder),
    };

    private static Command CreateDeployment(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Deployment name: the model name in /v2/models/NAME" };
        var model = new Option<string>("--model", "-m") { Description = "The registered ONNX model: MODEL@VERSION, or MODEL for the latest", Required = true };
        var project = new Option<string?>("--project", "-p") { Description = "Project [default: the model's]" };
        var replicas = new Option<int?>("--replicas") { Description = "Replicas (sessions) to run [default: 1]" };
        var min = new Option<int?>("--min-replicas") { Description = "Autoscaler lower bound; 0 scales to zero when idle" };
        var max = new Option<int?>("--max-replicas") { Description = "Autoscaler upper bound" };
        var settings = new SettingOptions();
        var noWait = new Option<bool>("--no-wait") { Description = "Return at once instead of waiting until it serves" };
        var timeout = new Option<string?>("--timeout") { Description = "How long to wait for ready [default: 5m]", HelpName = "DURATION" };
        var json = CommandBinder.JsonOption();
        var command = new Command("create", "Deploy a model version; waits until its replicas are warm") { name, model, project, replicas, min, max, noWait, timeout, json };
        settings.AddTo(command);
        return binder.Bind(command, async context =>
        {
            var (modelName, version) = DeployArguments.Model(context.Value(model)!);
            var wait = DeployArguments.Timeout(context.Value(timeout));
            var request = new CreateDeploymentRequest
            {
                Name = context.Value(name)!,
                Model = modelName,
                Version = version,
                Project = context.Value(project),
                Replicas = context.Value(replicas),
                MinReplicas = context.Value(min),
                MaxReplicas = context.Value(max),
                MaxBatch = context.Value(settings.MaxBatch),
                MaxDelayMs = context.Value(settings.MaxDelayMs),
                MaxQueueRows = context.Value(settings.MaxQueueRows),
                DeadlineMs = context.Value(settings.DeadlineMs),
                Device = context.Value(settings.Device),
                IntraOpThreads = context.Value(settings.IntraOpThreads),
                InterOpThreads = context.Value(settings.InterOpThreads),
                RateLimitRps = context.Value(settings.RateLimitRps),
                RateLimitBurst = context.Value(settings.RateLimitBurst),
                PredictionQuota = context.Value(settings.PredictionQuota),
            };
            var created = await context.Client.CreateDeploymentAsync(request, context.CancellationToken);
            return await FinishAsync(context, created, null, context.Value(noWait), wait, context.Value(json), "deployed");
        });
    }

    private static Command List(CommandBinder binder)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's deployments" };
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List deployments with their status") { project, json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            var deployments = await context.Client.ListDeploymentsAsync(context.Value(project), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(deployments);
            else if (deployments.Count == 0)
                await context.NoteAsync("no deployments");
            else
                await context.WriteAsync(DeployText.Deployments(deployments, context.Now));
            return ExitCodes.Ok;
        });
    }

    private static Command Show(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Deployment name" };
        var json = CommandBinder.JsonOption();
        var command = new Command("show", "Show a deployment: model, status, replicas, batching, limits") { name, json };
        return binder.Bind(command, async context =>
        {
            var deployment = await context.Client.GetDeploymentAsync(context.Value(name)!, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(deployment);
            else
                await context.WriteAsync(DeployText.Deployment(deployment));
            return ExitCodes.Ok;
        });
    }

    private static Command Scale(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Deployment name" };
        var replicas = new Option<int?>("--replicas") { Description = "Replicas now" };
        var min = new Option<int?>("--min-replicas") { Description = "Autoscaler lower bound (0: scale to zero when idle)" };
        var max = new Option<int?>("--max-replicas") { Description = "Autoscaler upper bound" };
        var json = CommandBinder.JsonOption();
        var command = new Command("scale", "Set replicas, or the autoscaler's bounds") { name, replicas, min, max, json };
        return binder.Bind(command, async context =>
        {
            if (context.Value(replicas) is null && context.Value(min) is null && context.Value(max) is null)
                throw CliException.Usage("give --replicas, or --min-replicas and/or --max-replicas");
            var request = new ScaleDeploymentRequest(context.Value(replicas), context.Value(min), context.Value(max));
            var scaled = await context.Client.ScaleDeploymentAsync(context.Value(name)!, request, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(scaled);
            else
                await context.WriteLineAsync($"{scaled.Name}: {scaled.Replicas} replicas" + (scaled.MinReplicas == scaled.MaxReplicas ? "" : $" (autoscaled {scaled.MinReplicas}-{scaled.MaxReplicas})"));
            return ExitCodes.Ok;
        });
    }

    private static Command Update(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Deployment name" };
        var version = new Option<int?>("--version") { Description = "Serve this version of the model (a rolling swap)" };
        var settings = new SettingOptions();
        var noWait = new Option<bool>("--no-wait") { Description = "Return at once instead of waiting for the swap" };
        var timeout = new Option<string?>("--timeout") { Description = "How long to wait [default: 5m]", HelpName = "DURATION" };
        var json = CommandBinder.JsonOption();
        var command = new Command("update", "Change the model version or settings: the new model warms up before the old one stops") { name, version, noWait, timeout, json };
        settings.AddTo(command);
        return binder.Bind(command, async context =>
        {
            var wait = DeployArguments.Timeout(context.Value(timeout));
            var request = new UpdateDeploymentRequest
            {
                Version = context.Value(version),
                MaxBatch = context.Value(settings.MaxBatch),
                MaxDelayMs = context.Value(settings.MaxDelayMs),
                MaxQueueRows = context.Value(settings.MaxQueueRows),
                DeadlineMs = context.Value(settings.DeadlineMs),
                Device = context.Value(settings.Device),
                IntraOpThreads = context.Value(settings.IntraOpThreads),
                InterOpThreads = context.Value(settings.InterOpThreads),
                RateLimitRps = context.Value(settings.RateLimitRps),
                RateLimitBurst = context.Value(settings.RateLimitBurst),
                PredictionQuota = context.Value(settings.PredictionQuota),
            };
            var updated = await context.Client.UpdateDeploymentAsync(context.Value(name)!, request, context.CancellationToken);
            return await FinishAsync(context, updated, updated.Version, context.Value(noWait), wait, context.Value(json), "updated");
        });
    }

    private static Command Remove(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Deployment name" };
        var command = new Command("rm", "Stop and remove a deployment (its scoped tokens are revoked)") { name };
        command.Aliases.Add("delete");
        return binder.Bind(command, async context =>
        {
            await context.Client.DeleteDeploymentAsync(context.Value(name)!, context.CancellationToken);
            await context.WriteLineAsync($"deleted deployment {context.Value(name)}");
            return ExitCodes.Ok;
        });
    }

    private static async Task<int> FinishAsync(CommandContext context, DeploymentView deployment, int? version, bool noWait, TimeSpan timeout, bool json, string verb)
    {
        var final = noWait ? deployment : await DeployWaiter.WaitAsync(context, deployment.Name, version, timeout);
        var code = noWait ? ExitCodes.Ok : DeployWaiter.ExitCodeFor(final);
        if (json)
        {
            await context.WriteJsonAsync(final);
            return code;
        }

        await context.WriteLineAsync($"{verb} {final.Name}: {final.Model}@{final.Version}, {final.Status}, {final.ReadyReplicas}/{final.Replicas} replicas ready");
        if (final.Status == "failed")
            await context.NoteAsync($"error: {final.Reason}");
        else if (code == ExitCodes.Timeout)
            await context.NoteAsync($"not ready yet; follow it with `gantry deploy show {final.Name}`");
        else if (final.Status == "ready")
            await context.NoteAsync($"infer: gantry infer {final.Name} --input NAME=[...]   or POST {final.Endpoint}");
        return code;
    }

    /// <summary>The runtime settings create and update share.</summary>
    private sealed class SettingOptions
    {
        public Option<int?> MaxBatch { get; } = new("--max-batch") { Description = "Most rows in one batch; 1 turns batching off [default: 64]", HelpName = "ROWS" };

        public Option<double?> MaxDelayMs { get; } = new("--max-delay-ms") { Description = "Longest wait for a batch to fill [default: 2]", HelpName = "MS" };

        public Option<int?> MaxQueueRows { get; } = new("--max-queue-rows") { Description = "Rows queued before requests get 429 [default: 4096]", HelpName = "ROWS" };

        public Option<double?> DeadlineMs { get; } = new("--deadline-ms") { Description = "Deadline of requests without Gantry-Deadline-Ms [default: 30000]", HelpName = "MS" };

        public Option<string?> Device { get; } = new("--device") { Description = "cpu or cuda [default: cpu]" };

        public Option<int?> IntraOpThreads { get; } = new("--intra-op-threads") { Description = "ONNX Runtime intra-op threads per replica (0: its choice)" };

        public Option<int?> InterOpThreads { get; } = new("--inter-op-threads") { Description = "ONNX Runtime inter-op threads per replica" };

        public Option<double?> RateLimitRps { get; } = new("--rate-limit") { Description = "Requests per second per token [default: Serving:RateLimit]", HelpName = "RPS" };

        public Option<int?> RateLimitBurst { get; } = new("--burst") { Description = "Requests at once above the rate, per token" };

        public Option<long?> PredictionQuota { get; } = new("--prediction-quota") { Description = "Predictions (rows) each token may ask in all; 0 no limit" };

        public void AddTo(Command command)
        {
            command.Options.Add(MaxBatch);
            command.Options.Add(MaxDelayMs);
            command.Options.Add(MaxQueueRows);
            command.Options.Add(DeadlineMs);
            command.Options.Add(Device);
            command.Options.Add(IntraOpThreads);
            command.Options.Add(InterOpThreads);
            command.Options.Add(RateLimitRps);
            command.Options.Add(RateLimitBurst);
            command.Options.Add(PredictionQuota);
        }
    }
}
