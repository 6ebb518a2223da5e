using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Infrastructure;
using Gantry.Core.Api.Data;
using Gantry.Core.Text;

namespace Gantry.Cli.Commands.Data;

/// <summary><c>gantry dataset create|push|pull|ls|versions|show|rm</c>.</summary>
internal static class DatasetCommands
{
    public static Command Create(CommandBinder binder) => new("dataset", "Versioned, deduplicated, encrypted datasets")
    {
        CreateDataset(binder),
        Push(binder),
        Pull(binder),
        List(binder),
        Versions(binder),
        Show(binder),
        Remove(binder),
    };

    private static Command CreateDataset(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Dataset name (unique across projects)" };
        var project = new Option<string?>("--project", "-p") { Description = "Project [default: default]" };
        var dataClass = new Option<string>("--class") { Description = "public, internal, confidential or restricted", DefaultValueFactory = _ => "internal" };
        var tags = new Option<string[]>("--tag") { Description = "A tag such as pii or phi (repeatable)", AllowMultipleArgumentsPerToken = false };
        var description = new Option<string?>("--description") { Description = "What the dataset holds" };
        var json = CommandBinder.JsonOption();
        var command = new Command("create", "Create a dataset") { name, project, dataClass, tags, description, json };
        return binder.Bind(command, async context =>
        {
            var classText = context.Value(dataClass) ?? "internal";
            if (!Enum.TryParse<DataClass>(classText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(classText, out _))
                throw CliException.Usage($"--class '{classText}' must be public, internal, confidential or restricted");
            var dataset = await context.Client.CreateDatasetAsync(
                new CreateDatasetRequest(context.Value(name)!, context.Value(project), parsed, context.Value(tags) ?? [], context.Value(description)), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(dataset);
            else
                await context.WriteLineAsync($"created dataset {dataset.Name} in project {dataset.Project} (class {DataText.Class(dataset.Class)}{(dataset.Tags.Count > 0 ? ", tags " + string.Join(',', dataset.Tags) : "")})");
            return ExitCodes.Ok;
        });
    }

    private static Command Push(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Dataset name" };
        var directory = new Argument<string>("DIR") { Description = "The directory to push as the next version" };
        var parallel = new Option<int>("--parallel") { Description = "Chunks in flight at once", DefaultValueFactory = _ => 8 };
        var json = CommandBinder.JsonOption();
        var command = new Command("push", "Push a directory as the dataset's next version (only chunks the server lacks are sent)") { name, directory, parallel, json };
        return binder.Bind(command, async context =>
        {
            var root = Path.GetFullPath(Path.Join(context.Environment.WorkingDirectory, context.Value(directory)!));
            if (context.Value(parallel) is < 1 or > 64)
                throw CliException.Usage("--parallel must be between 1 and 64");
            var result = await TransferDisplay.RunAsync(context, context.Value(json), async display =>
            {
                var size = Directory.Exists(root) ? DirectorySize(root) : 0;
                var (hashed, _) = display.Bar("hashing", size);
                var (sent, setSent) = display.Bar("uploading");
                var transfer = new DatasetTransfer(context.Client, context.Environment.Time)
                {
                    Parallelism = context.Value(parallel),
                    HashProgress = hashed,
                    UploadTotal = setSent,
                    TransferProgress = sent,
                };
                return await transfer.PushAsync(context.Value(name)!, root, context.CancellationToken);
            });
            if (context.Value(json))
            {
                await context.WriteJsonAsync(result);
                return ExitCodes.Ok;
            }

            var v = result.Commit.Version;
            var share = result.SizeBytes == 0 ? 0 : (double)result.BytesSent / result.SizeBytes;
            await context.WriteLineAsync(result.Commit.Created
                ? $"pushed {v.Dataset}@{v.Version}: {result.Files} files, {MemorySize.Human(result.SizeBytes)}; sent {result.ChunksSent} of {result.Chunks} chunks ({MemorySize.Human(result.BytesSent)}, {share.ToString("P1", CultureInfo.InvariantCulture)})"
                : $"unchanged: {v.Dataset}@{v.Version} already holds this tree ({result.Files} files, {MemorySize.Human(result.SizeBytes)}); sent {MemorySize.Human(result.BytesSent)}");
            return ExitCodes.Ok;
        });
    }

    private static Command Pull(CommandBinder binder)
    {
        var reference = new Argument<string>("NAME[@N]") { Description = "Dataset and version (default: the latest)" };
        var directory = new Argument<string>("DIR") { Description = "A new directory to write the files into" };
        var parallel = new Option<int>("--parallel") { Description = "Files fetched at once", DefaultValueFactory = _ => 8 };
        var json = CommandBinder.JsonOption();
        var command = new Command("pull", "Pull a dataset version into a new directory (every chunk verified)") { reference, directory, parallel, json };
        return binder.Bind(command, async context =>
        {
            var target = DataArguments.Ref(context.Value(reference), "dataset");
            var destination = Path.GetFullPath(Path.Join(context.Environment.WorkingDirectory, context.Value(directory)!));
            var result = await TransferDisplay.RunAsync(context, context.Value(json), async display =>
            {
                var (received, setTotal) = display.Bar("downloading");
                var transfer = new DatasetTransfer(context.Client, context.Environment.Time)
                {
                    Parallelism = Math.Clamp(context.Value(parallel), 1, 64),
                    TransferProgress = received,
                    DownloadTotal = setTotal,
                };
                return await transfer.PullAsync(target.Name, target.Version, destination, context.CancellationToken);
            });
            if (context.Value(json))
                await context.WriteJsonAsync(result);
            else
                await context.WriteLineAsync($"pulled {result.Dataset}@{result.Version} into {result.Directory}: {result.Files} files, {MemorySize.Human(result.SizeBytes)}");
            return ExitCodes.Ok;
        });
    }

    private static Command List(CommandBinder binder)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's datasets" };
        var deleted = new Option<bool>("--deleted") { Description = "Include deleted datasets whose versions lineage still keeps" };
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List datasets") { project, deleted, json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            var datasets = await context.Client.ListDatasetsAsync(context.Value(project), context.Value(deleted), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(datasets);
            else if (datasets.Count == 0)
                await context.NoteAsync("no datasets");
            else
                await context.WriteAsync(DataText.Datasets(datasets, context.Now));
            return ExitCodes.Ok;
        });
    }

    private static Command Versions(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Dataset name" };
        var json = CommandBinder.JsonOption();
        var command = new Command("versions", "List a dataset's versions, newest first") { name, json };
        return binder.Bind(command, async context =>
        {
            var detail = await context.Client.GetDatasetAsync(context.Value(name)!, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(detail.Versions);
            else if (detail.Versions.Count == 0)
                await context.NoteAsync($"dataset {detail.Dataset.Name} has no versions yet: gantry dataset push {detail.Dataset.Name} DIR");
            else
                await context.WriteAsync(DataText.Versions(detail.Versions, context.Now));
            return ExitCodes.Ok;
        });
    }

    private static Command Show(CommandBinder binder)
    {
        var reference = new Argument<string>("NAME[@N]") { Description = "A dataset, or one version of it with its lineage" };
        var json = CommandBinder.JsonOption();
        var command = new Command("show", "Show a dataset, or a version with its lineage (the job that made it, the jobs that read it, models trained from it)") { reference, json };
        return binder.Bind(command, async context =>
        {
            var target = DataArguments.Ref(context.Value(reference), "dataset");
            if (target.Version is null && !context.Value(reference)!.Contains('@', StringComparison.Ordinal))
            {
                var detail = await context.Client.GetDatasetAsync(target.Name, context.CancellationToken);
                if (context.Value(json))
                    await context.WriteJsonAsync(detail);
                else
                    await context.WriteAsync(DataText.Dataset(detail));
                return ExitCodes.Ok;
            }

            var version = await context.Client.GetDatasetVersionAsync(target.Name, target.Version, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(version);
            else
                await context.WriteAsync(DataText.Version(version));
            return ExitCodes.Ok;
        });
    }

    private static Command Remove(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Dataset name" };
        var json = CommandBinder.JsonOption();
        var command = new Command("rm", "Delete a dataset (project admin); versions that jobs read or models were trained from are kept for lineage") { name, json };
        command.Aliases.Add("delete");
        return binder.Bind(command, async context =>
        {
            var deleted = await context.Client.DeleteDatasetAsync(context.Value(name)!, context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(deleted);
                return ExitCodes.Ok;
            }

            await context.WriteLineAsync($"deleted dataset {deleted.Name}: removed {deleted.RemovedVersions.Count} version(s)");
            foreach (var kept in deleted.RetainedVersions)
                await context.WriteLineAsync($"  kept {deleted.Name}@{kept.Version}: {kept.Reason}");
            if (!deleted.NameReleased)
                await context.NoteAsync($"the name {deleted.Name} stays taken while lineage keeps versions of it");
            return ExitCodes.Ok;
        });
    }

    private static long DirectorySize(string root)
    {
        try
        {
            return new DirectoryInfo(root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }).Sum(f => f.Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
