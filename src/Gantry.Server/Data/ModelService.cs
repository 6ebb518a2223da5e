using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Gantry.Server.Data.Formats;
using Gantry.Storage;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Data;

/// <summary>
/// The model registry: versions of one file each, stored as a one-file manifest in the chunk store, with the
/// format detected from the bytes, the SHA-256 pinned, the ONNX signature extracted, metrics, a stage, and
/// lineage (the job and the dataset versions it read). Every change is one audited transaction.
/// </summary>
internal sealed class ModelService(
    MetadataStore store,
    MetadataWriter writer,
    DataStore data,
    UploadService uploads,
    DataAudit audit)
{
    public const int MaxMetrics = 64;

    /// <summary>Registration details that come with the file.</summary>
    public sealed record Registration(string? Project, string FileName, IReadOnlyDictionary<string, double> Metrics, long? FromJob);

    /// <summary>Which project a new model version goes to, after checking the caller may register there.</summary>
    public static Outcome<string> PushProject(Caller caller, ModelRecord? model, string name, string? project)
    {
        if (NameRules.Check(name, "model name") is { } bad)
            return GantryError.Invalid(bad);
        if (model is not null && caller.CanSee(model.Project))
        {
            if (project is not null && project != model.Project)
                return GantryError.Conflict($"model '{name}' belongs to project '{model.Project}', not '{project}'");
            return ProjectAccess.Require(caller, model.Project, Role.Member, "registering models") is { } denied ? denied : model.Project;
        }

        if (model is not null)
            return GantryError.Conflict($"the model name '{name}' is taken (names are unique across projects)");
        var target = project ?? Hosting.Bootstrap.DefaultProject;
        if (NameRules.Check(target, "project") is { } badProject)
            return GantryError.Invalid(badProject);
        return ProjectAccess.Require(caller, target, Role.Member, "registering models") is { } refused ? refused : target;
    }

    /// <summary>Parses <c>key=value</c> metrics.</summary>
    public static Outcome<IReadOnlyDictionary<string, double>> ParseMetrics(IEnumerable<string> pairs)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return GantryError.Invalid($"metric '{pair}' must be key=number, e.g. accuracy=0.97");
            metrics[pair[..eq]] = value;
        }

        return CheckMetrics(metrics) is { } problem ? GantryError.Invalid(problem) : metrics;
    }

    public static string? CheckMetrics(IReadOnlyDictionary<string, double>? metrics)
    {
        if (metrics is null)
            return null;
        if (metrics.Count > MaxMetrics)
            return $"at most {MaxMetrics} metrics, not {metrics.Count}";
        foreach (var (key, value) in metrics)
        {
            if (key.Length is < 1 or > 64 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
                return $"metric name '{key}' must be 1-64 letters, digits, '.', '_', '-' or '/'";
            if (!double.IsFinite(value))
                return $"metric '{key}' must be a finite number";
        }

        return null;
    }

    /// <summary>Direct upload: streams one file into the chunk store, inspects it and commits the next version.</summary>
    public async Task<Outcome<ModelVersionView>> RegisterAsync(Caller caller, string name, Registration registration, HttpRequest request, CancellationToken cancellationToken)
    {
        var target = "model/" + name;
        var checkedRegistration = await CheckAsync(caller, name, registration, cancellationToken);
        if (!checkedRegistration.IsOk)
            return await audit.RefuseAsync(caller.User, "model.register", target, checkedRegistration.Error, cancellationToken);
        var (project, inputs) = checkedRegistration.Value;

        var limit = data.Options.MaxModelBytes;
        if (request.ContentLength > limit)
            return await audit.RefuseAsync(caller.User, "model.register", target, GantryError.TooLarge($"the file is {request.ContentLength} bytes; Data:MaxModelBytes is {limit}"), cancellationToken);
        BodyReader.AllowBody(request, limit);
        Outcome<StoredFile> stored;
        try
        {
            stored = await FileChunker.StoreAsync(request.Body, limit, data.Chunks, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            stored = GantryError.TooLarge($"the file is over Data:MaxModelBytes ({limit} bytes)");
        }

        if (!stored.IsOk)
            return await audit.RefuseAsync(caller.User, "model.register", target, stored.Error, cancellationToken);
        if (stored.Value.Size == 0)
            return await audit.RefuseAsync(caller.User, "model.register", target, GantryError.Invalid("the model file is empty"), cancellationToken);
        return await CommitAsync(caller.User, name, project, registration with { Project = project }, inputs, stored.Value, null, null, cancellationToken);
    }

    /// <summary>Step three of a chunked model upload: checks the chunks, inspects the file and commits the next version.</summary>
    public async Task<(Outcome<ModelVersionView> Result, IReadOnlyList<string> Missing)> CommitUploadAsync(Caller caller, string name, string uploadId, CommitModelRequest request, CancellationToken cancellationToken)
    {
        var target = "model/" + name;
        var found = await uploads.FindAsync(caller, UploadService.ModelKind, name, uploadId, cancellationToken);
        if (found is null)
        {
            await using var db = store.CreateContext();
            var done = await db.Set<ModelVersionRecord>().AsNoTracking().FirstOrDefaultAsync(v => v.UploadId == uploadId && v.Model == name && v.CreatedBy == caller.User, cancellationToken);
            if (done is not null)
                return (await ViewAsync(db, done, cancellationToken), []);
            return (await audit.RefuseAsync(caller.User, "model.register", target, GantryError.NotFound($"upload '{uploadId}' of model '{name}' not found: it was committed, expired or never made"), cancellationToken), []);
        }

        var (upload, manifest) = found.Value;
        var registration = new Registration(upload.Project, manifest.Files[0].Path.Split('/')[^1], request.Metrics ?? new Dictionary<string, double>(), request.FromJob);
        var checkedRegistration = await CheckAsync(caller, name, registration, cancellationToken);
        if (!checkedRegistration.IsOk)
            return (await audit.RefuseAsync(caller.User, "model.register", target, checkedRegistration.Error, cancellationToken), []);
        var missing = await uploads.UncommittableAsync(caller, upload, manifest, cancellationToken);
        if (missing.Count > 0)
            return (await audit.RefuseAsync(caller.User, "model.register", target, DatasetService.MissingChunks(missing), cancellationToken), missing);
        var measured = await FileChunker.MeasureAsync(manifest.Files[0], data.Chunks, cancellationToken);
        var result = await CommitAsync(caller.User, name, checkedRegistration.Value.Project, registration, checkedRegistration.Value.Inputs, measured, uploadId, null, cancellationToken);
        uploads.Forget(uploadId);
        return (result, []);
    }

    /// <summary>
    /// Registers a file a job wrote (its output) as the next version, with the job and its inputs as lineage.
    /// The caller has checked the job's user may register here; the model is created in <paramref name="project"/> when new.
    /// </summary>
    public async Task<Outcome<ModelVersionView>> RegisterOutputAsync(
        string user, string project, string name, string path, IReadOnlyDictionary<string, double> metrics, long jobId, IReadOnlyList<string> inputs,
        (long JobId, int Position) outputRow, CancellationToken cancellationToken)
    {
        StoredFile stored;
        await using (var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan }))
        {
            var result = await FileChunker.StoreAsync(file, long.MaxValue, data.Chunks, cancellationToken);
            if (!result.IsOk)
                return result.Error;
            stored = result.Value;
        }

        if (stored.Size == 0)
            return GantryError.Invalid($"the model file '{Path.GetFileName(path)}' is empty");
        return await CommitAsync(user, name, project, new Registration(project, Path.GetFileName(path), metrics, jobId), inputs, stored, null, outputRow, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelView>> ListAsync(Caller caller, string? project, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var models = (await db.Set<ModelRecord>().AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken))
            .Where(m => caller.CanSee(m.Project) && (project is null || m.Project == project)).ToList();
        var names = models.Select(m => m.Name).ToList();
        var versions = await db.Set<ModelVersionRecord>().AsNoTracking().Where(v => names.Contains(v.Model))
            .Select(v => new ModelVersionRecord { Model = v.Model, Version = v.Version, Stage = v.Stage, Sha256 = "", FileName = "", ManifestHash = "", ManifestJson = "", CreatedBy = "" })
            .ToListAsync(cancellationToken);
        var byModel = versions.GroupBy(v => v.Model).ToDictionary(g => g.Key, g => (IReadOnlyList<ModelVersionRecord>)g.ToList(), StringComparer.Ordinal);
        return models.Select(m => DataViews.Model(m, byModel.GetValueOrDefault(m.Name) ?? [])).ToArray();
    }

    public async Task<Outcome<ModelDetail>> GetAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var model = await db.Set<ModelRecord>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null || !caller.CanSee(model.Project))
            return GantryError.NotFound($"model '{name}' not found");
        var versions = await db.Set<ModelVersionRecord>().AsNoTracking().Where(v => v.Model == name).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
        var jobIds = versions.Select(v => v.ProducedByJob ?? 0).ToList();
        var jobs = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, cancellationToken);
        return new ModelDetail(
            DataViews.Model(model, versions),
            versions.Select(v => DataViews.ModelVersion(v, model.Project, Visible(caller, jobs, v.ProducedByJob))).ToArray());
    }

    public async Task<Outcome<ModelVersionView>> GetVersionAsync(Caller caller, string name, string versionText, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var found = await FindVersionAsync(db, caller, name, versionText, cancellationToken);
        if (!found.IsOk)
            return found.Error;
        var (model, version) = found.Value;
        var job = version.ProducedByJob is { } id ? await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) : null;
        return DataViews.ModelVersion(version, model.Project, job is not null && caller.CanSee(job.Project) ? job : null);
    }

    public async Task<Outcome<ModelVersionView>> StageAsync(Caller caller, string name, string versionText, ModelStage stage, CancellationToken cancellationToken)
    {
        var target = $"model/{name}@{versionText}";
        if (!Enum.IsDefined(stage))
            return await audit.RefuseAsync(caller.User, "model.stage", target, GantryError.Invalid("stage must be none, staging, production or archived"), cancellationToken);
        var number = VersionText.Parse(versionText);
        if (!number.IsOk)
            return await audit.RefuseAsync(caller.User, "model.stage", target, number.Error, cancellationToken);
        var changed = await writer.WriteAsync(scope =>
        {
            var model = scope.Db.Set<ModelRecord>().Find(name);
            if (model is null || !caller.CanSee(model.Project))
                return DataAudit.Refuse(scope, caller.User, "model.stage", target, GantryError.NotFound($"model '{name}' not found"));
            if (ProjectAccess.Require(caller, model.Project, Role.Member, "changing model stages") is { } denied)
                return DataAudit.Refuse(scope, caller.User, "model.stage", target, denied);
            var versions = scope.Db.Set<ModelVersionRecord>().Where(v => v.Model == name);
            var version = number.Value is { } n ? versions.FirstOrDefault(v => v.Version == n) : versions.OrderByDescending(v => v.Version).FirstOrDefault();
            if (version is null)
                return DataAudit.Refuse(scope, caller.User, "model.stage", target, GantryError.NotFound($"model '{name}' has no version {versionText}"));
            var before = version.Stage;
            version.Stage = stage;
            version.StageChangedAtMs = scope.NowMs;
            scope.Audit(caller.User, "model.stage", $"model/{name}@{version.Version}", "ok", $"{Text(before)} -> {Text(stage)}");
            return Outcome<ModelVersionRecord>.Ok(version);
        }, cancellationToken);
        if (!changed.IsOk)
            return changed.Error;
        return await GetVersionAsync(caller, name, changed.Value.Version.ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <summary>What a download streams: the version and its chunks, for callers who may read the model.</summary>
    public async Task<Outcome<(ModelVersionRecord Version, ManifestFile File)>> DownloadAsync(Caller caller, string name, string versionText, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var found = await FindVersionAsync(db, caller, name, versionText, cancellationToken);
        if (!found.IsOk)
            return found.Error;
        var manifest = ManifestJson.Parse(found.Value.Version.ManifestJson);
        if (!manifest.IsOk)
            return manifest.Error;
        return (found.Value.Version, manifest.Value.Files[0]);
    }

    internal static async Task<Outcome<(ModelRecord Model, ModelVersionRecord Version)>> FindVersionAsync(
        GantryDbContext db, Caller caller, string name, string versionText, CancellationToken cancellationToken)
    {
        var number = VersionText.Parse(versionText);
        if (!number.IsOk)
            return number.Error;
        var model = await db.Set<ModelRecord>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null || !caller.CanSee(model.Project))
            return GantryError.NotFound($"model '{name}' not found");
        var versions = db.Set<ModelVersionRecord>().AsNoTracking().Where(v => v.Model == name);
        var version = number.Value is { } n
            ? await versions.FirstOrDefaultAsync(v => v.Version == n, cancellationToken)
            : await versions.OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
            return GantryError.NotFound(number.Value is { } missing ? $"model '{name}' has no version {missing}" : $"model '{name}' has no versions yet");
        return (model, version);
    }

    private static JobRecord? Visible(Caller caller, Dictionary<long, JobRecord> jobs, long? id) =>
        id is { } i && jobs.TryGetValue(i, out var job) && caller.CanSee(job.Project) ? job : null;

    private static string Text(ModelStage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>Checks name, file name, metrics and the lineage job before any byte is stored; returns the project and the job's inputs.</summary>
    private async Task<Outcome<(string Project, IReadOnlyList<string> Inputs)>> CheckAsync(Caller caller, string name, Registration registration, CancellationToken cancellationToken)
    {
        if (ManifestPath.Check(registration.FileName) is { } badFile || registration.FileName.Contains('/', StringComparison.Ordinal))
            return GantryError.Invalid($"file name '{registration.FileName}' must be one plain file name");
        if (CheckMetrics(registration.Metrics) is { } badMetrics)
            return GantryError.Invalid(badMetrics);
        await using var db = store.CreateContext();
        var model = await db.Set<ModelRecord>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        var project = PushProject(caller, model, name, registration.Project);
        if (!project.IsOk)
            return project.Error;
        IReadOnlyList<string> inputs = [];
        if (registration.FromJob is { } jobId)
        {
            var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is null || !caller.CanSee(job.Project))
                return GantryError.NotFound($"job {jobId} not found");
            inputs = await InputsOfAsync(db, jobId, cancellationToken);
        }

        return (project.Value, inputs);
    }

    /// <summary>The dataset versions a job read, as "name@version".</summary>
    internal static async Task<IReadOnlyList<string>> InputsOfAsync(GantryDbContext db, long jobId, CancellationToken cancellationToken) =>
        (await db.Set<JobDataRecord>().AsNoTracking().Where(j => j.JobId == jobId && j.Kind == JobDataRecord.Input).OrderBy(j => j.Position)
            .Select(j => new { j.Dataset, j.Version }).ToListAsync(cancellationToken))
        .Select(j => $"{j.Dataset}@{j.Version}").ToArray();

    private async Task<Outcome<ModelVersionView>> CommitAsync(
        string user, string name, string project, Registration registration, IReadOnlyList<string> inputs, StoredFile stored, string? uploadId,
        (long JobId, int Position)? outputRow, CancellationToken cancellationToken)
    {
        var inspection = await ModelInspector.InspectAsync(new ChunkedRandomAccess(data.Chunks, stored.Chunks, stored.Lengths), cancellationToken);
        var manifest = stored.ToManifest(registration.FileName);
        var manifestJson = ManifestJson.Serialize(manifest);
        var target = "model/" + name;
        var committed = await writer.WriteAsync(scope =>
        {
            var models = scope.Db.Set<ModelRecord>();
            var model = models.Find(name);
            if (model is null)
            {
                if (scope.Db.Projects.Find(project) is null)
                    return DataAudit.Refuse(scope, user, "model.register", target, GantryError.NotFound($"project '{project}' not found"));
                model = new ModelRecord { Name = name, Project = project, CreatedBy = user, CreatedAtMs = scope.NowMs };
                models.Add(model);
            }
            else if (model.Project != project)
            {
                return DataAudit.Refuse(scope, user, "model.register", target, GantryError.Conflict($"model '{name}' belongs to another project"));
            }

            // A restart between registering a job's output and recording the job finds it registered already.
            var row = outputRow is { } r ? scope.Db.Set<JobDataRecord>().Find(r.JobId, JobDataRecord.Output, r.Position) : null;
            if (row?.ResultVersion is { } already && scope.Db.Set<ModelVersionRecord>().Find(name, already) is { } existing)
                return Outcome<ModelVersionRecord>.Ok(existing);
            var last = scope.Db.Set<ModelVersionRecord>().Where(v => v.Model == name).Max(v => (int?)v.Version) ?? 0;
            var version = new ModelVersionRecord
            {
                Model = name,
                Version = last + 1,
                Format = inspection.Format,
                Sha256 = stored.Sha256,
                SizeBytes = stored.Size,
                FileName = registration.FileName,
                ManifestHash = manifest.Hash,
                ManifestJson = manifestJson,
                Unsafe = inspection.Unsafe,
                SignatureJson = inspection.Signature is null ? null : JsonSerializer.Serialize(inspection.Signature, GantryJson.Options),
                DetailsJson = JsonSerializer.Serialize(inspection.Details, GantryJson.Options),
                MetricsJson = JsonSerializer.Serialize(registration.Metrics, GantryJson.Options),
                Stage = ModelStage.None,
                CreatedBy = user,
                CreatedAtMs = scope.NowMs,
                ProducedByJob = registration.FromJob,
                InputsJson = JsonSerializer.Serialize(inputs, GantryJson.Options),
                UploadId = uploadId,
            };
            scope.Db.Add(version);
            if (row is not null)
                row.ResultVersion = version.Version;
            if (uploadId is not null && scope.Db.Set<UploadRecord>().Find(uploadId) is { } upload)
                scope.Db.Remove(upload);
            PossessionLog.Insert(scope, stored.Chunks.Distinct(StringComparer.Ordinal).Select(h => (project, h)));
            scope.Audit(user, "model.register", $"{target}@{version.Version}", "ok",
                $"{inspection.Format.ToString().ToLowerInvariant()}, {stored.Size} bytes, sha256 {stored.Sha256}" + (inspection.Unsafe ? ", UNSAFE (pickle)" : "")
                + (registration.FromJob is { } job ? $", from job {job}" : ""));
            return Outcome<ModelVersionRecord>.Ok(version);
        }, cancellationToken);
        if (!committed.IsOk)
            return committed.Error;
        await using var db = store.CreateContext();
        return await ViewAsync(db, committed.Value, cancellationToken);
    }

    private static async Task<ModelVersionView> ViewAsync(GantryDbContext db, ModelVersionRecord version, CancellationToken cancellationToken)
    {
        var model = await db.Set<ModelRecord>().AsNoTracking().FirstAsync(m => m.Name == version.Model, cancellationToken);
        var job = version.ProducedByJob is { } id ? await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) : null;
        return DataViews.ModelVersion(version, model.Project, job);
    }
}
