using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Gantry.Storage;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Data;

/// <summary>Datasets: create, list, show with lineage, delete, commit pushed versions, hand out manifests to pull. Every change is one audited transaction.</summary>
internal sealed class DatasetService(
    MetadataStore store,
    MetadataWriter writer,
    UploadService uploads,
    ChunkAccess access,
    DataAudit audit)
{
    public async Task<Outcome<DatasetView>> CreateAsync(Caller caller, CreateDatasetRequest request, CancellationToken cancellationToken)
    {
        var target = "dataset/" + request.Name;
        var project = request.Project ?? Hosting.Bootstrap.DefaultProject;
        var tags = DataAccess.NormaliseTags(request.Tags);
        var problem = NameRules.Check(request.Name, "dataset name")
            ?? NameRules.Check(project, "project")
            ?? (tags.IsOk ? null : tags.Error.Message)
            ?? (request.Description is { Length: > 1000 } ? "a description has at most 1000 characters" : null)
            ?? (request.Class is { } c && !Enum.IsDefined(c) ? "class must be public, internal, confidential or restricted" : null);
        if (problem is not null)
            return await audit.RefuseAsync(caller.User, "dataset.create", target, GantryError.Invalid(problem), cancellationToken);
        if (ProjectAccess.Require(caller, project, Role.Member, "creating datasets") is { } denied)
            return await audit.RefuseAsync(caller.User, "dataset.create", target, denied, cancellationToken);

        return await writer.WriteAsync(scope =>
        {
            if (scope.Db.Projects.Find(project) is null)
                return DataAudit.Refuse(scope, caller.User, "dataset.create", target, GantryError.NotFound($"project '{project}' not found"));
            if (scope.Db.Set<DatasetRecord>().Find(request.Name) is { } existing)
            {
                var why = existing.DeletedAtMs is not null && caller.CanSee(existing.Project)
                    ? $"dataset '{request.Name}' was deleted but lineage still needs some of its versions, so the name stays taken"
                    : $"the dataset name '{request.Name}' is taken (names are unique across projects)";
                return DataAudit.Refuse(scope, caller.User, "dataset.create", target, GantryError.Conflict(why));
            }

            var dataset = new DatasetRecord
            {
                Name = request.Name,
                Project = project,
                Class = request.Class ?? DataClass.Internal,
                Tags = tags.Value!,
                Description = request.Description,
                CreatedBy = caller.User,
                CreatedAtMs = scope.NowMs,
            };
            scope.Db.Add(dataset);
            scope.Audit(caller.User, "dataset.create", target, "ok", $"project {project}, class {dataset.Class.ToString().ToLowerInvariant()}" + (dataset.Tags.Length > 0 ? $", tags {dataset.Tags}" : ""));
            return Outcome<DatasetView>.Ok(DataViews.Dataset(dataset, 0, null));
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetView>> ListAsync(Caller caller, string? project, bool deleted, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var datasets = await db.Set<DatasetRecord>().AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        datasets = datasets.Where(d => caller.CanSee(d.Project) && (project is null || d.Project == project) && (deleted || d.DeletedAtMs is null)).ToList();
        var names = datasets.Select(d => d.Name).ToList();
        var versions = await db.Set<DatasetVersionRecord>().AsNoTracking().Where(v => names.Contains(v.Dataset))
            .Select(v => new { v.Dataset, v.Version, v.SizeBytes }).ToListAsync(cancellationToken);
        var byName = versions.GroupBy(v => v.Dataset).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return datasets.Select(d =>
        {
            var own = byName.GetValueOrDefault(d.Name) ?? [];
            var latest = own.MaxBy(v => v.Version);
            return DataViews.Dataset(d, own.Count, latest is null ? null : new DatasetVersionRecord
            {
                Dataset = d.Name,
                Version = latest.Version,
                SizeBytes = latest.SizeBytes,
                ManifestHash = "",
                ManifestJson = "",
                CreatedBy = "",
            });
        }).ToArray();
    }

    public async Task<Outcome<DatasetDetail>> GetAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var dataset = await db.Set<DatasetRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (DataAccess.See(caller, dataset, name) is { } unseen)
            return unseen;
        var versions = await VersionsOf(db, name).ToListAsync(cancellationToken);
        return new DatasetDetail(DataViews.Dataset(dataset!, versions.Count, versions.FirstOrDefault()), versions.Select(DataViews.Version).ToArray());
    }

    /// <summary>One version and its lineage: who made it, which jobs read it, which model versions came from it.</summary>
    public async Task<Outcome<DatasetVersionDetail>> GetVersionAsync(Caller caller, string name, string versionText, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var found = await FindVersionAsync(db, caller, name, versionText, cancellationToken);
        if (!found.IsOk)
            return found.Error;
        var (dataset, version) = found.Value;
        var count = await db.Set<DatasetVersionRecord>().CountAsync(v => v.Dataset == name, cancellationToken);
        var latest = await VersionsOf(db, name).FirstAsync(cancellationToken);

        var readers = await db.Set<JobDataRecord>().AsNoTracking()
            .Where(j => j.Kind == JobDataRecord.Input && j.Dataset == name && j.Version == version.Version)
            .Select(j => j.JobId).Distinct().ToListAsync(cancellationToken);
        var jobIds = readers.Append(version.ProducedByJob ?? 0).ToList();
        var jobs = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, cancellationToken);
        JobRef? Ref(long id) => jobs.TryGetValue(id, out var job) ? (caller.CanSee(job.Project) ? DataViews.Job(job) : new JobRef(id)) : new JobRef(id);

        var key = $"\"{name}@{version.Version}\"";
        var models = await db.Set<ModelVersionRecord>().AsNoTracking().Where(m => m.InputsJson.Contains(key))
            .Select(m => new { m.Model, m.Version }).ToListAsync(cancellationToken);
        var modelNames = models.Select(m => m.Model).Distinct().ToList();
        var visibleModels = (await db.Set<ModelRecord>().AsNoTracking().Where(m => modelNames.Contains(m.Name)).ToListAsync(cancellationToken))
            .Where(m => caller.CanSee(m.Project)).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        return new DatasetVersionDetail(
            DataViews.Dataset(dataset, count, latest),
            DataViews.Version(version),
            version.ProducedByJob is { } producer ? Ref(producer) : null,
            readers.Order().Select(id => Ref(id)!).ToArray(),
            models.Where(m => visibleModels.Contains(m.Model)).OrderBy(m => m.Model, StringComparer.Ordinal).ThenBy(m => m.Version)
                .Select(m => new ModelVersionRef(m.Model, m.Version)).ToArray());
    }

    /// <summary>Step one of a pull: the version's manifest, for callers allowed to pull it. Pulls of restricted, pii or phi data are audited first.</summary>
    public async Task<Outcome<string>> ManifestAsync(Caller caller, string name, string versionText, CancellationToken cancellationToken)
    {
        (DatasetRecord Dataset, DatasetVersionRecord Version) found;
        await using (var db = store.CreateContext())
        {
            var lookup = await FindVersionAsync(db, caller, name, versionText, cancellationToken);
            if (!lookup.IsOk)
                return lookup.Error;
            found = lookup.Value;
        }

        var (dataset, version) = found;
        var target = $"dataset/{name}@{version.Version}";
        if (DataAccess.Pull(caller, dataset) is { } denied)
            return await audit.RefuseAsync(caller.User, "dataset.pull", target, denied, cancellationToken);
        if (DataAccess.IsAudited(dataset))
        {
            await writer.WriteAsync(scope =>
            {
                scope.Audit(caller.User, "dataset.pull", target, "ok", $"class {dataset.Class.ToString().ToLowerInvariant()}" + (dataset.Tags.Length > 0 ? $", tags {dataset.Tags}" : ""));
                return true;
            }, cancellationToken);
        }

        return version.ManifestJson;
    }

    /// <summary>
    /// Step three of a push: checks that every chunk is stored and the caller's to use, then commits the manifest
    /// as the next version in one transaction. A reader sees the whole version or none; two commits at once get
    /// consecutive numbers. A manifest equal to the latest version's adds nothing and returns that version.
    /// </summary>
    public async Task<(Outcome<CommitView> Result, IReadOnlyList<string> Missing)> CommitAsync(Caller caller, string name, string uploadId, CancellationToken cancellationToken)
    {
        var target = "dataset/" + name;
        var found = await uploads.FindAsync(caller, UploadService.DatasetKind, name, uploadId, cancellationToken);
        if (found is null)
        {
            await using var db = store.CreateContext();
            var done = await db.Set<DatasetVersionRecord>().AsNoTracking().FirstOrDefaultAsync(v => v.UploadId == uploadId && v.Dataset == name && v.CreatedBy == caller.User, cancellationToken);
            if (done is not null)
                return (new CommitView(DataViews.Version(done), true), []); // a retried commit
            return (await audit.RefuseAsync(caller.User, "dataset.commit", target,
                GantryError.NotFound($"upload '{uploadId}' of dataset '{name}' not found: it was committed, expired or never made; push again"), cancellationToken), []);
        }

        var (upload, manifest) = found.Value;
        var missing = await uploads.UncommittableAsync(caller, upload, manifest, cancellationToken);
        if (missing.Count > 0)
            return (await audit.RefuseAsync(caller.User, "dataset.commit", target, MissingChunks(missing), cancellationToken), missing);

        var committed = await writer.WriteAsync(scope =>
        {
            var dataset = scope.Db.Set<DatasetRecord>().Find(name);
            if (DataAccess.See(caller, dataset, name) is { } unseen)
                return DataAudit.Refuse(scope, caller.User, "dataset.commit", target, unseen);
            if (dataset!.DeletedAtMs is not null)
                return DataAudit.Refuse(scope, caller.User, "dataset.commit", target, GantryError.Conflict($"dataset '{name}' was deleted during the push"));
            if (ProjectAccess.Require(caller, dataset.Project, Role.Member, "pushing to datasets") is { } denied)
                return DataAudit.Refuse(scope, caller.User, "dataset.commit", target, denied);
            var pending = scope.Db.Set<UploadRecord>().Find(uploadId);
            if (pending is null)
                return DataAudit.Refuse(scope, caller.User, "dataset.commit", target, GantryError.Conflict($"upload '{uploadId}' was committed by another request"));
            scope.Db.Remove(pending);
            scope.AfterCommit(() => uploads.Forget(uploadId));

            var latest = scope.Db.Set<DatasetVersionRecord>().Where(v => v.Dataset == name).OrderByDescending(v => v.Version).FirstOrDefault();
            if (latest is not null && latest.ManifestHash == manifest.Hash)
            {
                scope.Audit(caller.User, "dataset.commit", $"{target}@{latest.Version}", "ok", $"unchanged: upload {uploadId} equals version {latest.Version}");
                return Outcome<CommitView>.Ok(new CommitView(DataViews.Version(latest), false));
            }

            var version = AddVersion(scope, dataset, manifest, upload.ManifestJson, caller.User, null, uploadId);
            scope.Audit(caller.User, "dataset.commit", $"{target}@{version.Version}", "ok", $"{version.Files} files, {version.SizeBytes} bytes, manifest {manifest.Hash[..12]}, upload {uploadId}");
            return Outcome<CommitView>.Ok(new CommitView(DataViews.Version(version), true));
        }, cancellationToken);
        return (committed, []);
    }

    /// <summary>
    /// Deletes a dataset's versions, except those lineage still names (a job read them, or a model was trained from
    /// them): those stay readable, the dataset is marked deleted and hidden from lists, and its name stays taken
    /// until they go. With no version left the dataset and its name are gone. Chunks stay in the store.
    /// </summary>
    public async Task<Outcome<DatasetDeleted>> DeleteAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var target = "dataset/" + name;
        var result = await writer.WriteAsync(scope =>
        {
            var datasets = scope.Db.Set<DatasetRecord>();
            var dataset = datasets.Find(name);
            if (DataAccess.See(caller, dataset, name) is { } unseen)
                return DataAudit.Refuse(scope, caller.User, "dataset.delete", target, unseen);
            if (ProjectAccess.Require(caller, dataset!.Project, Role.Admin, "deleting datasets") is { } denied)
                return DataAudit.Refuse(scope, caller.User, "dataset.delete", target, denied);

            var versions = scope.Db.Set<DatasetVersionRecord>().Where(v => v.Dataset == name).OrderBy(v => v.Version).ToList();
            var readBy = scope.Db.Set<JobDataRecord>().Where(j => j.Kind == JobDataRecord.Input && j.Dataset == name)
                .Select(j => new { j.Version, j.JobId }).ToList();
            var removed = new List<int>();
            var retained = new List<RetainedVersion>();
            foreach (var version in versions)
            {
                var key = $"\"{name}@{version.Version}\"";
                var model = scope.Db.Set<ModelVersionRecord>().Where(m => m.InputsJson.Contains(key)).Select(m => new { m.Model, m.Version }).FirstOrDefault();
                var job = readBy.FirstOrDefault(j => j.Version == version.Version);
                if (job is not null || model is not null)
                {
                    retained.Add(new RetainedVersion(version.Version, job is not null ? $"read by job {job.JobId}" : $"model {model!.Model}@{model.Version} was trained from it"));
                    continue;
                }

                scope.Db.Remove(version);
                removed.Add(version.Version);
            }

            foreach (var upload in scope.Db.Set<UploadRecord>().Where(u => u.Kind == UploadService.DatasetKind && u.Target == name).ToList())
                scope.Db.Remove(upload);
            var released = retained.Count == 0;
            if (released)
                datasets.Remove(dataset);
            else
                dataset.DeletedAtMs ??= scope.NowMs;
            scope.Audit(caller.User, "dataset.delete", target, "ok",
                $"removed versions [{string.Join(',', removed)}]" + (released ? "" : $"; kept [{string.Join(", ", retained.Select(r => $"{r.Version}: {r.Reason}"))}]"));
            scope.AfterCommit(() => access.Forget($"dataset/{name}/"));
            return Outcome<DatasetDeleted>.Ok(new DatasetDeleted(name, removed, retained, released));
        }, cancellationToken);
        return result;
    }

    /// <summary>Adds the next version of <paramref name="dataset"/>, inside an open write; the project gets the manifest's chunks.</summary>
    public static DatasetVersionRecord AddVersion(WriteScope scope, DatasetRecord dataset, Manifest manifest, string manifestJson, string user, long? jobId, string? uploadId)
    {
        var last = scope.Db.Set<DatasetVersionRecord>().Where(v => v.Dataset == dataset.Name).Max(v => (int?)v.Version) ?? 0;
        var version = new DatasetVersionRecord
        {
            Dataset = dataset.Name,
            Version = last + 1,
            ManifestHash = manifest.Hash,
            ManifestJson = manifestJson,
            SizeBytes = manifest.TotalSize,
            Files = manifest.Files.Count,
            Chunks = manifest.ChunkHashes().Count,
            CreatedBy = user,
            CreatedAtMs = scope.NowMs,
            ProducedByJob = jobId,
            UploadId = uploadId,
        };
        scope.Db.Add(version);
        PossessionLog.Insert(scope, manifest.ChunkHashes().Select(h => (dataset.Project, h)));
        return version;
    }

    /// <summary>409 naming the chunks a commit lacks.</summary>
    public static GantryError MissingChunks(IReadOnlyList<string> missing) =>
        GantryError.Conflict($"{missing.Count} chunk(s) of the manifest are not uploaded: {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? ", ..." : "")}; PUT them to /api/v1/chunks/{{sha256}} and commit again");

    internal static async Task<Outcome<(DatasetRecord Dataset, DatasetVersionRecord Version)>> FindVersionAsync(
        GantryDbContext db, Caller caller, string name, string versionText, CancellationToken cancellationToken)
    {
        var number = VersionText.Parse(versionText);
        if (!number.IsOk)
            return number.Error;
        var dataset = await db.Set<DatasetRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (DataAccess.See(caller, dataset, name) is { } unseen)
            return unseen;
        var versions = VersionsOf(db, name);
        var version = number.Value is { } n
            ? await versions.FirstOrDefaultAsync(v => v.Version == n, cancellationToken)
            : await versions.FirstOrDefaultAsync(cancellationToken);
        if (version is null)
            return GantryError.NotFound(number.Value is { } missing ? $"dataset '{name}' has no version {missing}" : $"dataset '{name}' has no versions yet: push one");
        return (dataset!, version);
    }

    private static IQueryable<DatasetVersionRecord> VersionsOf(GantryDbContext db, string name) =>
        db.Set<DatasetVersionRecord>().AsNoTracking().Where(v => v.Dataset == name).OrderByDescending(v => v.Version);
}
