using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Core.Jobs;
using Gantry.Execution;
using Gantry.Server.Auth;
using Gantry.Server.Hosting;
using Gantry.Storage;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Data;

/// <summary>
/// Where jobs meet datasets and models. At submission, <see cref="Bind"/> pins each input to a version the submitter
/// may read and checks the outputs (a refusal is 404/403 with the reason). Before launch,
/// <see cref="PrepareInputsAsync"/> puts the inputs read-only under <c>work/</c>. When an attempt succeeds,
/// <see cref="RegisterOutputsAsync"/> turns <c>$GANTRY_OUTPUT</c> into the dataset and model versions the spec
/// names, with lineage, before the job is recorded as succeeded; a failure there fails the attempt.
/// </summary>
internal sealed class JobDataHooks(
    MetadataStore store,
    MetadataWriter writer,
    DataStore data,
    InputMaterializer materializer,
    ModelService models,
    IDataResidency residency,
    ServerPaths paths,
    ILogger<JobDataHooks> logger)
{
    private const string MetricsFile = "metrics.json";

    /// <summary>Resolves the spec's inputs and outputs for <paramref name="caller"/>, inside the submission's write.</summary>
    public Outcome<JobDataPlan> Bind(WriteScope scope, Caller caller, JobRequest job, JobSpec spec)
    {
        var inputs = spec.Inputs ?? [];
        var outputs = spec.Outputs ?? [];
        if (inputs.Count == 0 && outputs.Count == 0)
            return JobDataPlan.Empty;
        var rows = new List<JobDataRecord>();
        DataClass? inputClass = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            var reference = DataRef.Parse(inputs[i].Dataset, "dataset");
            if (!reference.IsOk)
                return reference.Error;
            var name = reference.Value.Name;
            var dataset = scope.Db.Set<DatasetRecord>().Find(name);
            if (DataAccess.See(caller, dataset, name) is { } unseen)
                return unseen;
            if (DataAccess.Pull(caller, dataset!) is { } denied)
                return denied;
            if (residency.CheckRead(job.Pool, dataset!) is { } elsewhere)
                return elsewhere;
            inputClass = inputClass is { } c && c >= dataset!.Class ? c : dataset!.Class;
            var versions = scope.Db.Set<DatasetVersionRecord>().Where(v => v.Dataset == name);
            var version = reference.Value.Version is { } n
                ? versions.Where(v => v.Version == n).Select(v => (int?)v.Version).FirstOrDefault()
                : versions.Max(v => (int?)v.Version);
            if (version is null)
                return GantryError.NotFound(reference.Value.Version is { } missing ? $"dataset '{name}' has no version {missing}" : $"dataset '{name}' has no versions yet: push one first");
            rows.Add(new JobDataRecord
            {
                Kind = JobDataRecord.Input,
                Position = i,
                Dataset = name,
                Version = version,
                Path = DataBindingRules.PathOf(inputs[i], reference.Value),
            });
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            string? project;
            if (output.Dataset is { } datasetName)
            {
                var dataset = scope.Db.Set<DatasetRecord>().Find(datasetName);
                if (dataset is { DeletedAtMs: not null })
                    return GantryError.Conflict($"output dataset '{datasetName}' was deleted; name another");
                project = dataset?.Project;
                if (dataset is not null && !caller.CanSee(dataset.Project))
                    return GantryError.Conflict($"the dataset name '{datasetName}' is taken (names are unique across projects)");
            }
            else
            {
                var model = scope.Db.Set<ModelRecord>().Find(output.Model!);
                if (model is not null && !caller.CanSee(model.Project))
                    return GantryError.Conflict($"the model name '{output.Model}' is taken (names are unique across projects)");
                project = model?.Project;
            }

            if (project is not null && ProjectAccess.Require(caller, project, Role.Member, "writing job outputs") is { } denied)
                return denied;
            rows.Add(new JobDataRecord { Kind = JobDataRecord.Output, Position = i, Dataset = output.Dataset, Model = output.Model, Path = output.Path });
        }

        return new JobDataPlan(rows) { InputClass = inputClass };
    }

    /// <summary>Records the plan for every task of the submission, in the same write.</summary>
    public void Record(WriteScope scope, IReadOnlyList<long> jobIds, JobDataPlan plan)
    {
        foreach (var id in jobIds)
        {
            foreach (var row in plan.Rows)
            {
                scope.Db.Add(new JobDataRecord
                {
                    JobId = id,
                    Kind = row.Kind,
                    Position = row.Position,
                    Dataset = row.Dataset,
                    Version = row.Version,
                    Model = row.Model,
                    Path = row.Path,
                });
            }
        }
    }

    /// <summary>Audits a refused binding in the submission's write and returns the error.</summary>
    public static GantryError Refuse(WriteScope scope, Caller caller, string project, GantryError error) =>
        DataAudit.Refuse(scope, caller.User, "job.submit", "project/" + project, error);

    /// <summary>
    /// The job's inputs as paths under its working directory (where <see cref="PrepareInputsAsync"/> puts them) and
    /// whether it has outputs, for the launch request: an executor whose tasks cannot see the job directory refuses them.
    /// </summary>
    public async Task<(IReadOnlyList<string> InputPaths, bool WritesOutputs)> BindingsAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var rows = await db.Set<JobDataRecord>().AsNoTracking().Where(j => j.JobId == jobId).OrderBy(j => j.Position).ToListAsync(cancellationToken);
        return (InputPaths(rows), rows.Any(r => r.Kind == JobDataRecord.Output));
    }

    private static string[] InputPaths(IEnumerable<JobDataRecord> rows) =>
        rows.Where(r => r.Kind == JobDataRecord.Input && (r.Path ?? r.Dataset) is not null).Select(r => (r.Path ?? r.Dataset)!).ToArray();

    /// <summary>
    /// <see cref="BindingsAsync(long, CancellationToken)"/> of many jobs (an array's elements) with one query, and whether
    /// each has inputs to materialise; a job that reads and writes no data is absent.
    /// </summary>
    public async Task<Dictionary<long, JobBindings>> BindingsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var rows = await db.Set<JobDataRecord>().AsNoTracking().Where(j => jobIds.Contains(j.JobId)).OrderBy(j => j.JobId).ThenBy(j => j.Position).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.JobId).ToDictionary(
            g => g.Key,
            g => new JobBindings(InputPaths(g), g.Any(r => r.Kind == JobDataRecord.Output), g.Any(r => r.Kind == JobDataRecord.Input)));
    }

    /// <summary>Materialises the job's inputs under its working directory; null when done (or none), else why the job cannot start.</summary>
    public async Task<string?> PrepareInputsAsync(long jobId, string jobDirectory, CancellationToken cancellationToken)
    {
        List<JobDataRecord> inputs;
        JobRecord? job;
        await using (var db = store.CreateContext())
        {
            inputs = await db.Set<JobDataRecord>().AsNoTracking().Where(j => j.JobId == jobId && j.Kind == JobDataRecord.Input).OrderBy(j => j.Position).ToListAsync(cancellationToken);
            if (inputs.Count == 0)
                return null;
            job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        }

        if (job is null)
            return "the job's record is gone";
        try
        {
            var resolved = await ResolveInputsAsync(job, inputs, cancellationToken);
            if (!resolved.IsOk)
                return Fail(jobId, resolved.Error.Message);
            var audited = resolved.Value.Where(r => DataAccess.IsAudited(r.Dataset)).ToList();
            if (audited.Count > 0)
            {
                await writer.WriteAsync(scope =>
                {
                    foreach (var (dataset, version, _) in audited)
                        scope.Audit(job.User, "dataset.pull", $"dataset/{dataset.Name}@{version.Version}", "ok", $"input of job {jobId}, class {dataset.Class.ToString().ToLowerInvariant()}");
                    return true;
                }, cancellationToken);
            }

            var work = Path.Join(jobDirectory, "work");
            foreach (var (_, version, path) in resolved.Value)
            {
                var manifest = ManifestJson.Parse(version.ManifestJson);
                if (!manifest.IsOk)
                    return Fail(jobId, $"the manifest of dataset {version.Dataset}@{version.Version} is unreadable: {manifest.Error.Message}");
                await materializer.MaterializeAsync(manifest.Value, work, path, cancellationToken);
            }

            return null;
        }
        catch (Exception e) when (e is ChunkCorruptedException or ChunkMissingException or MasterKeyMissingException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Fail(jobId, e.Message);
        }
    }

    /// <summary>
    /// After a successful attempt: registers what the job wrote as the outputs its spec names, before the job is
    /// recorded as succeeded. Returns <paramref name="exit"/>, or a failed exit saying why registration failed.
    /// Outputs already registered (a restart between registering and recording) are not registered twice.
    /// </summary>
    public async Task<TaskExit> RegisterOutputsAsync(long jobId, TaskExit exit, bool timedOut, CancellationToken cancellationToken)
    {
        if (!exit.Succeeded || timedOut)
            return exit;
        List<JobDataRecord> rows;
        JobRecord? job;
        await using (var db = store.CreateContext())
        {
            rows = await db.Set<JobDataRecord>().AsNoTracking().Where(j => j.JobId == jobId).OrderBy(j => j.Position).ToListAsync(cancellationToken);
            if (!rows.Any(r => r.Kind == JobDataRecord.Output && r.ResultVersion is null))
                return exit;
            job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        }

        if (job is null || job.CancelRequested || job.State != JobState.Running)
            return exit;
        var output = Path.Join(paths.JobDir(jobId), "output");
        var inputs = rows.Where(r => r.Kind == JobDataRecord.Input).Select(r => $"{r.Dataset}@{r.Version}").ToArray();
        try
        {
            foreach (var row in rows.Where(r => r.Kind == JobDataRecord.Output && r.ResultVersion is null))
            {
                var problem = row.Dataset is not null
                    ? await RegisterDatasetAsync(job, row, output, rows, cancellationToken)
                    : await RegisterModelAsync(job, row, output, inputs, cancellationToken);
                if (problem is not null)
                {
                    Log.OutputsFailed(logger, jobId, problem);
                    return new TaskExit(null, null, "registering outputs failed: " + problem);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ChunkCorruptedException)
        {
            Log.OutputsFailed(logger, jobId, e.Message);
            return new TaskExit(null, null, "registering outputs failed: " + e.Message);
        }

        return exit;
    }

    private async Task<string?> RegisterDatasetAsync(JobRecord job, JobDataRecord row, string output, IReadOnlyList<JobDataRecord> rows, CancellationToken cancellationToken)
    {
        var name = row.Dataset!;
        var directory = Inside(output, row.Path);
        if (directory is null)
            return $"output path '{row.Path}' leads outside $GANTRY_OUTPUT";
        if (!Directory.Exists(directory))
            return $"the job wrote no directory '{row.Path ?? "."}' under $GANTRY_OUTPUT for dataset '{name}'";
        var read = await new TreeReader().ReadAsync(directory, data.Chunks, cancellationToken);
        if (!read.IsOk)
            return $"dataset '{name}': {read.Error.Message}";
        var manifest = read.Value;
        var manifestJson = ManifestJson.Serialize(manifest);

        // A new dataset inherits the most sensitive class and every tag of the job's inputs.
        List<DatasetRecord> sources;
        await using (var db = store.CreateContext())
        {
            var inputNames = rows.Where(r => r.Kind == JobDataRecord.Input).Select(r => r.Dataset).ToList();
            sources = await db.Set<DatasetRecord>().AsNoTracking().Where(d => inputNames.Contains(d.Name)).ToListAsync(cancellationToken);
        }

        var committed = await writer.WriteAsync(scope =>
        {
            var target = "dataset/" + name;
            var dataset = scope.Db.Set<DatasetRecord>().Find(name);
            if (dataset is null)
            {
                dataset = new DatasetRecord
                {
                    Name = name,
                    Project = job.Project,
                    Class = sources.Count == 0 ? DataClass.Internal : (DataClass)Math.Max((int)DataClass.Internal, sources.Max(s => (int)s.Class)),
                    Tags = string.Join(',', sources.SelectMany(s => DataAccess.TagList(s.Tags)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
                    Description = $"output of job {job.Id}",
                    CreatedBy = job.User,
                    CreatedAtMs = scope.NowMs,
                };
                scope.Db.Add(dataset);
                scope.Audit(job.User, "dataset.create", target, "ok", $"output of job {job.Id}, project {job.Project}, class {dataset.Class.ToString().ToLowerInvariant()}");
            }
            else if (dataset.DeletedAtMs is not null)
            {
                return DataAudit.Refuse(scope, job.User, "dataset.commit", target, GantryError.Conflict($"dataset '{name}' was deleted"));
            }
            else if (!MayWrite(scope, job.User, dataset.Project))
            {
                return DataAudit.Refuse(scope, job.User, "dataset.commit", target, GantryError.Forbidden($"user '{job.User}' may no longer write to project '{dataset.Project}'"));
            }

            var stored = scope.Db.Set<JobDataRecord>().Find(row.JobId, row.Kind, row.Position);
            if (stored?.ResultVersion is { } already)
                return Outcome<int>.Ok(already);
            var version = DatasetService.AddVersion(scope, dataset, manifest, manifestJson, job.User, job.Id, null);
            if (stored is not null)
                stored.ResultVersion = version.Version;
            scope.Audit(job.User, "dataset.commit", $"{target}@{version.Version}", "ok", $"output of job {job.Id}: {version.Files} files, {version.SizeBytes} bytes");
            return Outcome<int>.Ok(version.Version);
        }, cancellationToken);
        if (!committed.IsOk)
            return committed.Error.Message;
        Log.OutputRegistered(logger, job.Id, $"dataset {name}@{committed.Value}");
        return null;
    }

    private async Task<string?> RegisterModelAsync(JobRecord job, JobDataRecord row, string output, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var name = row.Model!;
        var file = Inside(output, row.Path);
        if (file is null)
            return $"output path '{row.Path}' leads outside $GANTRY_OUTPUT";
        var info = new FileInfo(file);
        if (!info.Exists || info.LinkTarget is not null)
            return $"the job wrote no file '{row.Path}' under $GANTRY_OUTPUT for model '{name}'" + (info.LinkTarget is not null ? " (it is a symbolic link)" : "");
        var metrics = await ReadMetricsAsync(Path.Join(Path.GetDirectoryName(file)!, MetricsFile), cancellationToken);

        string project;
        await using (var db = store.CreateContext())
        {
            var model = await db.Set<ModelRecord>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
            project = model?.Project ?? job.Project;
            if (!await MayWriteAsync(db, job.User, project, cancellationToken))
                return $"user '{job.User}' may no longer write to project '{project}'";
        }

        var registered = await models.RegisterOutputAsync(job.User, project, name, file, metrics, job.Id, inputs, (row.JobId, row.Position), cancellationToken);
        if (!registered.IsOk)
            return $"model '{name}': {registered.Error.Message}";
        Log.OutputRegistered(logger, job.Id, $"model {name}@{registered.Value.Version}");
        return null;
    }

    private async Task<Outcome<List<(DatasetRecord Dataset, DatasetVersionRecord Version, string Path)>>> ResolveInputsAsync(
        JobRecord job, IReadOnlyList<JobDataRecord> inputs, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == job.User, cancellationToken);
        var roles = await db.Memberships.AsNoTracking().Where(m => m.User == job.User).ToDictionaryAsync(m => m.Project, m => m.Role, StringComparer.Ordinal, cancellationToken);
        var resolved = new List<(DatasetRecord, DatasetVersionRecord, string)>();
        foreach (var input in inputs)
        {
            var dataset = await db.Set<DatasetRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Name == input.Dataset, cancellationToken);
            var version = await db.Set<DatasetVersionRecord>().AsNoTracking().FirstOrDefaultAsync(v => v.Dataset == input.Dataset && v.Version == input.Version, cancellationToken);
            if (dataset is null || version is null)
                return GantryError.NotFound($"input dataset {input.Dataset}@{input.Version} no longer exists");
            Role? role = user?.IsAdmin == true ? Role.Admin : roles.TryGetValue(dataset.Project, out var r) ? r : null;
            if (DataAccess.PullAs(role, dataset, $"user '{job.User}' is") is { } denied)
                return GantryError.Forbidden($"input {input.Dataset}@{input.Version}: {denied.Message}");
            if (residency.CheckRead(job.Pool, dataset) is { } elsewhere)
                return elsewhere;
            resolved.Add((dataset, version, input.Path ?? dataset.Name));
        }

        return resolved;
    }

    private static bool MayWrite(WriteScope scope, string user, string project) =>
        scope.Db.Users.Find(user) is { IsAdmin: true } || scope.Db.Memberships.Find(user, project) is { Role: >= Role.Member };

    private static async Task<bool> MayWriteAsync(GantryDbContext db, string user, string project, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().AnyAsync(u => u.Name == user && u.IsAdmin, cancellationToken)
        || await db.Memberships.AsNoTracking().AnyAsync(m => m.User == user && m.Project == project && m.Role >= Role.Member, cancellationToken);

    // The output (after resolving links) must stay inside $GANTRY_OUTPUT.
    private static string? Inside(string root, string? relative)
    {
        var path = relative is null ? root : Path.GetFullPath(Path.Join(root, relative));
        if (path != root && !path.StartsWith(root + "/", StringComparison.Ordinal))
            return null;
        var real = ResolveLinks(path);
        var realRoot = ResolveLinks(root);
        return real is not null && realRoot is not null && (real == realRoot || real.StartsWith(realRoot + "/", StringComparison.Ordinal)) ? path : null;
    }

    private static string? ResolveLinks(string path)
    {
        try
        {
            var current = "/";
            foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                current = Path.Join(current, segment);
                if (new FileInfo(current).LinkTarget is not null)
                    current = new FileInfo(current).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? current;
            }

            return current;
        }
        catch (IOException)
        {
            return null;
        }
    }

    // A metrics.json beside the model file, as the examples write it: its top-level numbers become the version's metrics.
    private static async Task<IReadOnlyDictionary<string, double>> ReadMetricsAsync(string path, CancellationToken cancellationToken)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists(path) || new FileInfo(path).Length > 1 << 20)
            return metrics;
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return metrics;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var value) && double.IsFinite(value) && metrics.Count < ModelService.MaxMetrics)
                    metrics[property.Name] = value;
            }
        }
        catch (JsonException)
        {
            return metrics;
        }

        return ModelService.CheckMetrics(metrics) is null ? metrics : new Dictionary<string, double>();
    }

    private string Fail(long jobId, string reason)
    {
        Log.InputsFailed(logger, jobId, reason);
        return "inputs: " + reason;
    }
}
