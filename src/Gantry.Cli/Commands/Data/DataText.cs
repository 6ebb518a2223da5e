using System.Globalization;
using Gantry.Cli.Output;
using Gantry.Core.Api.Data;
using Gantry.Core.Text;
using Spectre.Console;

namespace Gantry.Cli.Commands.Data;

/// <summary>Tables and detail views of datasets and models.</summary>
internal static class DataText
{
    public static string Class(DataClass value) => value.ToString().ToLowerInvariant();

    public static string Stage(ModelStage value) => value.ToString().ToLowerInvariant();

    public static string Format(ModelFormat value) => value switch
    {
        ModelFormat.PytorchZip => "pytorch-zip",
        _ => value.ToString().ToLowerInvariant(),
    };

    public static string Job(JobRef? job) =>
        job is null ? TimeText.None : job.Name is null ? $"job {job.Id}" : $"job {job.Id} ({job.Name}, {job.User}, {job.State?.ToString().ToLowerInvariant()})";

    public static Table Datasets(IEnumerable<DatasetView> datasets, DateTimeOffset now)
    {
        var table = TableFactory.Create("NAME", "PROJECT", "CLASS", "TAGS", "VERSIONS", "LATEST", "SIZE", "AGE");
        foreach (var d in datasets)
        {
            table.AddTextRow(
                d.Name + (d.Deleted ? " (deleted)" : ""),
                d.Project,
                Class(d.Class),
                d.Tags.Count == 0 ? TimeText.None : string.Join(',', d.Tags),
                d.Versions.ToString(CultureInfo.InvariantCulture),
                d.LatestVersion?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None,
                d.LatestSizeBytes is { } size ? MemorySize.Human(size) : TimeText.None,
                TimeText.Since(d.CreatedAt, now));
        }

        return table;
    }

    public static Table Versions(IEnumerable<DatasetVersionView> versions, DateTimeOffset now)
    {
        var table = TableFactory.Create("VERSION", "FILES", "SIZE", "MANIFEST", "BY", "JOB", "AGE");
        foreach (var v in versions)
        {
            table.AddTextRow(
                v.Version.ToString(CultureInfo.InvariantCulture),
                v.Files.ToString(CultureInfo.InvariantCulture),
                MemorySize.Human(v.SizeBytes),
                v.ManifestHash[..12],
                v.CreatedBy,
                v.ProducedByJob?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None,
                TimeText.Since(v.CreatedAt, now));
        }

        return table;
    }

    public static Grid Dataset(DatasetDetail detail)
    {
        var d = detail.Dataset;
        var grid = Grid(out var row);
        row("Name", d.Name + (d.Deleted ? " (deleted: only versions lineage needs are kept)" : ""));
        row("Project", d.Project);
        row("Class", Class(d.Class));
        row("Tags", d.Tags.Count == 0 ? TimeText.None : string.Join(',', d.Tags));
        if (d.Description is { Length: > 0 } description)
            row("Description", description);
        row("Created", $"{TimeText.Stamp(d.CreatedAt)} by {d.CreatedBy}");
        row("Versions", d.Versions.ToString(CultureInfo.InvariantCulture));
        foreach (var v in detail.Versions)
            row($"  {v.Version}", $"{v.Files} files, {MemorySize.Human(v.SizeBytes)}, {TimeText.Stamp(v.CreatedAt)} by {v.CreatedBy}" + (v.ProducedByJob is { } job ? $", output of job {job}" : ""));
        return grid;
    }

    public static Grid Version(DatasetVersionDetail detail)
    {
        var v = detail.Version;
        var d = detail.Dataset;
        var grid = Grid(out var row);
        row("Dataset", $"{v.Dataset}@{v.Version}");
        row("Project", d.Project);
        row("Class", Class(d.Class) + (d.Tags.Count == 0 ? "" : $" (tags {string.Join(',', d.Tags)})"));
        row("Files", v.Files.ToString(CultureInfo.InvariantCulture));
        row("Size", $"{MemorySize.Human(v.SizeBytes)} ({v.SizeBytes} bytes, {v.Chunks} chunks)");
        row("Manifest", v.ManifestHash);
        row("Created", $"{TimeText.Stamp(v.CreatedAt)} by {v.CreatedBy}");
        row("Produced by", Job(detail.Producer));
        row("Read by", detail.ReadBy.Count == 0 ? TimeText.None : string.Join("; ", detail.ReadBy.Select(Job)));
        row("Models", detail.Models.Count == 0 ? TimeText.None : string.Join(", ", detail.Models.Select(m => $"{m.Model}@{m.Version}")));
        return grid;
    }

    public static Table Models(IEnumerable<ModelView> models, DateTimeOffset now)
    {
        var table = TableFactory.Create("NAME", "PROJECT", "VERSIONS", "LATEST", "PRODUCTION", "AGE");
        foreach (var m in models)
        {
            table.AddTextRow(
                m.Name,
                m.Project,
                m.Versions.ToString(CultureInfo.InvariantCulture),
                m.LatestVersion?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None,
                m.ProductionVersion?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None,
                TimeText.Since(m.CreatedAt, now));
        }

        return table;
    }

    public static Table ModelVersions(IEnumerable<ModelVersionView> versions, DateTimeOffset now)
    {
        var table = TableFactory.Create("VERSION", "FORMAT", "SIZE", "SHA256", "STAGE", "METRICS", "JOB", "AGE");
        foreach (var v in versions)
        {
            table.AddTextRow(
                v.Version.ToString(CultureInfo.InvariantCulture),
                Format(v.Format) + (v.Unsafe ? " (UNSAFE)" : ""),
                MemorySize.Human(v.SizeBytes),
                v.Sha256[..12],
                Stage(v.Stage),
                v.Metrics.Count == 0 ? TimeText.None : string.Join(' ', v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.ToString("G6", CultureInfo.InvariantCulture)}")),
                v.Job?.Id.ToString(CultureInfo.InvariantCulture) ?? TimeText.None,
                TimeText.Since(v.CreatedAt, now));
        }

        return table;
    }

    public static Grid ModelVersion(ModelVersionView v)
    {
        var grid = Grid(out var row);
        row("Model", $"{v.Model}@{v.Version}");
        row("Project", v.Project);
        row("Format", Format(v.Format) + (v.Unsafe ? " — UNSAFE: a Python pickle runs code when loaded; Gantry never loads it" : ""));
        row("File", $"{v.FileName}, {MemorySize.Human(v.SizeBytes)} ({v.SizeBytes} bytes)");
        row("SHA-256", v.Sha256);
        row("Stage", Stage(v.Stage));
        if (v.Signature is { } signature)
        {
            foreach (var input in signature.Inputs)
                row("Input", input.ToString());
            foreach (var output in signature.Outputs)
                row("Output", output.ToString());
        }

        foreach (var (key, value) in v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            row("Metric", $"{key} = {value.ToString("G10", CultureInfo.InvariantCulture)}");
        foreach (var (key, value) in v.Details.OrderBy(m => m.Key, StringComparer.Ordinal))
            row("Detail", $"{key}: {value}");
        row("Created", $"{TimeText.Stamp(v.CreatedAt)} by {v.CreatedBy}");
        row("Job", Job(v.Job));
        row("Inputs", v.Inputs.Count == 0 ? TimeText.None : string.Join(", ", v.Inputs));
        return grid;
    }

    private static Grid Grid(out Action<string, string> row)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        grid.AddColumn(new GridColumn().PadRight(0));
        row = (name, value) => grid.AddRow(new Text(name + ":", new Style(decoration: Decoration.Bold)), new Text(value));
        return grid;
    }
}
