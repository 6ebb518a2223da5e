using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Core.Api.Data;
using Gantry.Core.Text;

namespace Gantry.Cli.Commands.Data;

/// <summary><c>gantry model register|ls|versions|show|stage|download</c>.</summary>
internal static class ModelCommands
{
    public static Command Create(CommandBinder binder) => new("model", "The model registry: versions, formats, signatures, metrics, stages, lineage")
    {
        Register(binder),
        List(binder),
        Versions(binder),
        Show(binder),
        Stage(binder),
        Download(binder),
    };

    private static Command Register(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Model name (unique across projects)" };
        var file = new Argument<string>("FILE") { Description = "The model file (ONNX, safetensors, TorchScript, ...)" };
        var project = new Option<string?>("--project", "-p") { Description = "Project of a new model [default: default]" };
        var metrics = new Option<string[]>("--metric") { Description = "A metric as key=number (repeatable)" };
        var fromJob = new Option<long?>("--from-job") { Description = "The job that produced the file (its inputs become the lineage)" };
        var json = CommandBinder.JsonOption();
        var command = new Command("register", "Register a file as the model's next version") { name, file, project, metrics, fromJob, json };
        return binder.Bind(command, async context =>
        {
            var path = Path.GetFullPath(Path.Join(context.Environment.WorkingDirectory, context.Value(file)!));
            if (!File.Exists(path))
                throw CliException.Usage($"file '{context.Value(file)}' does not exist");
            var parsed = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var pair in context.Value(metrics) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !double.TryParse(pair[(eq + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
                    throw CliException.Usage($"--metric '{pair}' must be key=number, e.g. accuracy=0.97");
                parsed[pair[..eq]] = value;
            }

            var version = await TransferDisplay.RunAsync(context, context.Value(json), async display =>
            {
                await using var stream = File.OpenRead(path);
                var (sent, _) = display.Bar("uploading", stream.Length);
                return await context.Client.RegisterModelAsync(
                    context.Value(name)!, stream, Path.GetFileName(path), context.Value(project), parsed, context.Value(fromJob), sent, context.CancellationToken);
            });
            if (context.Value(json))
            {
                await context.WriteJsonAsync(version);
                return ExitCodes.Ok;
            }

            await context.WriteLineAsync($"registered {version.Model}@{version.Version}: {DataText.Format(version.Format)}, {MemorySize.Human(version.SizeBytes)}, sha256 {version.Sha256}");
            if (version.Unsafe)
                await context.NoteAsync("warning: this file is a Python pickle, which runs code when loaded; Gantry never loads it and will not serve it");
            return ExitCodes.Ok;
        });
    }

    private static Command List(CommandBinder binder)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's models" };
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List models") { project, json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            var models = await context.Client.ListModelsAsync(context.Value(project), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(models);
            else if (models.Count == 0)
                await context.NoteAsync("no models");
            else
                await context.WriteAsync(DataText.Models(models, context.Now));
            return ExitCodes.Ok;
        });
    }

    private static Command Versions(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Model name" };
        var json = CommandBinder.JsonOption();
        var command = new Command("versions", "List a model's versions, newest first") { name, json };
        return binder.Bind(command, async context =>
        {
            var detail = await context.Client.GetModelAsync(context.Value(name)!, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(detail.Versions);
            else
                await context.WriteAsync(DataText.ModelVersions(detail.Versions, context.Now));
            return ExitCodes.Ok;
        });
    }

    private static Command Show(CommandBinder binder)
    {
        var reference = new Argument<string>("NAME[@N]") { Description = "Model and version (default: the latest)" };
        var json = CommandBinder.JsonOption();
        var command = new Command("show", "Show a model version: format, sha256, signature, metrics, stage, lineage") { reference, json };
        return binder.Bind(command, async context =>
        {
            var target = DataArguments.Ref(context.Value(reference), "model");
            var version = await context.Client.GetModelVersionAsync(target.Name, target.Version, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(version);
            else
                await context.WriteAsync(DataText.ModelVersion(version));
            return ExitCodes.Ok;
        });
    }

    private static Command Stage(CommandBinder binder)
    {
        var reference = new Argument<string>("NAME@N") { Description = "Model version" };
        var stage = new Argument<string>("STAGE") { Description = "none, staging, production or archived" };
        var json = CommandBinder.JsonOption();
        var command = new Command("stage", "Move a model version to a stage") { reference, stage, json };
        return binder.Bind(command, async context =>
        {
            var (name, number) = DataArguments.Pinned(context.Value(reference), "model");
            var text = context.Value(stage)!;
            if (!Enum.TryParse<ModelStage>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(text, out _))
                throw CliException.Usage($"stage '{text}' must be none, staging, production or archived");
            var version = await context.Client.StageModelAsync(name, number, parsed, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(version);
            else
                await context.WriteLineAsync($"{version.Model}@{version.Version} is now {DataText.Stage(version.Stage)}");
            return ExitCodes.Ok;
        });
    }

    private static Command Download(CommandBinder binder)
    {
        var reference = new Argument<string>("NAME@N") { Description = "Model version" };
        var file = new Argument<string>("FILE") { Description = "Where to write the file (must not exist)" };
        var json = CommandBinder.JsonOption();
        var command = new Command("download", "Download a model version; its SHA-256 is checked before the file appears") { reference, file, json };
        return binder.Bind(command, async context =>
        {
            var (name, number) = DataArguments.Pinned(context.Value(reference), "model");
            var path = Path.GetFullPath(Path.Join(context.Environment.WorkingDirectory, context.Value(file)!));
            if (File.Exists(path) || Directory.Exists(path))
                throw new CliException($"'{context.Value(file)}' already exists");
            var partial = path + ".gantry-partial";
            ModelVersionView version;
            try
            {
                version = await TransferDisplay.RunAsync(context, context.Value(json), async display =>
                {
                    var (received, _) = display.Bar("downloading", (await context.Client.GetModelVersionAsync(name, number, context.CancellationToken)).SizeBytes);
                    await using var stream = new FileStream(partial, FileMode.Create, FileAccess.Write);
                    return await context.Client.DownloadModelAsync(name, number, stream, received, context.CancellationToken);
                });
                File.Move(partial, path);
            }
            finally
            {
                File.Delete(partial);
            }

            if (context.Value(json))
                await context.WriteJsonAsync(version);
            else
                await context.WriteLineAsync($"downloaded {version.Model}@{version.Version} to {path} ({MemorySize.Human(version.SizeBytes)}, sha256 verified)");
            return ExitCodes.Ok;
        });
    }
}
