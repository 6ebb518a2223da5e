using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Server.Auth;
using Gantry.Storage;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Data;

/// <summary>
/// The push protocol's first two steps, for datasets and model files alike: (1) the client posts the manifest it
/// will push and learns which chunks the server still needs; (2) it PUTs those chunks, verified against their
/// addresses. Posting the same manifest again finds the same upload and answers with what is still missing,
/// which is how a push resumes. Step (3), the commit, belongs to the dataset and model services.
/// </summary>
internal sealed class UploadService(
    MetadataStore store,
    MetadataWriter writer,
    DataStore data,
    ChunkAccess access,
    UploadSessions sessions,
    PossessionLog possession,
    DataAudit audit,
    TimeProvider time)
{
    /// <summary>The largest chunk body accepted: the largest chunk plus room for a client with other sizes.</summary>
    public static readonly int MaxChunkBytes = ChunkingOptions.Default.MaxSize + (64 << 10);

    public const string DatasetKind = "dataset";
    public const string ModelKind = "model";

    /// <summary>Opens (or finds again) the caller's upload of <paramref name="manifestText"/> to a dataset or model.</summary>
    public async Task<Outcome<UploadView>> CreateAsync(Caller caller, string kind, string name, string? project, string manifestText, CancellationToken cancellationToken)
    {
        var action = kind + ".upload";
        var target = $"{kind}/{name}";
        var parsed = ManifestJson.Parse(manifestText);
        if (!parsed.IsOk)
            return await audit.RefuseAsync(caller.User, action, target, parsed.Error, cancellationToken);
        var manifest = parsed.Value;
        var where = await TargetProjectAsync(caller, kind, name, project, manifest, cancellationToken);
        if (!where.IsOk)
            return await audit.RefuseAsync(caller.User, action, target, where.Error, cancellationToken);

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        UploadRecord? existing;
        await using (var db = store.CreateContext())
        {
            existing = await db.Set<UploadRecord>().AsNoTracking()
                .FirstOrDefaultAsync(u => u.Kind == kind && u.Target == name && u.User == caller.User && u.ManifestHash == manifest.Hash && u.ExpiresAtMs > nowMs, cancellationToken);
        }

        var chunks = manifest.ChunkHashes();
        var session = existing is null ? null : sessions.Find(existing.Id);
        var missing = await access.MissingAsync(caller, chunks, session, cancellationToken);
        var manifestJson = ManifestJson.Serialize(manifest);
        var expiry = (long)data.Options.UploadExpiry.TotalMilliseconds;
        var record = await writer.WriteAsync(scope =>
        {
            var uploads = scope.Db.Set<UploadRecord>();
            foreach (var stale in uploads.Where(u => u.ExpiresAtMs <= scope.NowMs).Take(100).ToList())
                uploads.Remove(stale);
            var upload = existing is null ? null : uploads.Find(existing.Id);
            if (upload is null)
            {
                upload = new UploadRecord
                {
                    Id = "u-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                    Kind = kind,
                    Target = name,
                    Project = where.Value,
                    User = caller.User,
                    ManifestHash = manifest.Hash,
                    ManifestJson = manifestJson,
                    SizeBytes = manifest.TotalSize,
                    Chunks = chunks.Count,
                    CreatedAtMs = scope.NowMs,
                };
                uploads.Add(upload);
            }

            upload.ExpiresAtMs = scope.NowMs + expiry;
            scope.Audit(caller.User, action, target, "ok",
                $"upload {upload.Id}: manifest {manifest.Hash[..12]}, {manifest.Files.Count} files, {manifest.TotalSize} bytes, {missing.Count} of {chunks.Count} chunks to send");
            scope.AfterCommit(sessions.Prune);
            return upload;
        }, cancellationToken);
        sessions.Add(record, manifest);
        return new UploadView(record.Id, target, manifest.Hash, manifest.TotalSize, chunks.Count, missing, DateTimeOffset.FromUnixTimeMilliseconds(record.ExpiresAtMs));
    }

    /// <summary>Step 2: stores one chunk the caller's open upload names, after checking that the bytes hash to its address.</summary>
    public async Task<GantryError?> PutChunkAsync(Caller caller, string hash, HttpRequest request, CancellationToken cancellationToken)
    {
        var target = "chunk/" + (hash.Length > 80 ? hash[..80] : hash);
        if (!ChunkHash.IsValid(hash))
            return await audit.RefuseAsync(caller.User, "chunk.put", target, GantryError.Invalid($"'{target[6..]}' is not a chunk address (64 lower-case hex digits of SHA-256)"), cancellationToken);
        var uploads = sessions.Naming(caller.User, hash);
        if (uploads.Count == 0)
            return await audit.RefuseAsync(caller.User, "chunk.put", target, GantryError.Forbidden($"no open upload of yours names chunk {hash}: post the manifest first"), cancellationToken);

        var body = await BodyReader.ReadAsync(request, MaxChunkBytes, cancellationToken);
        if (!body.IsOk)
            return await audit.RefuseAsync(caller.User, "chunk.put", target, body.Error, cancellationToken);
        var (buffer, length) = body.Value;
        try
        {
            if (length == 0)
                return await audit.RefuseAsync(caller.User, "chunk.put", target, GantryError.Invalid("a chunk cannot be empty"), cancellationToken);
            var status = await data.Chunks.PutChunkAsync(hash, buffer.AsMemory(0, length), cancellationToken);
            if (status == ChunkPutStatus.HashMismatch)
            {
                return await audit.RefuseAsync(caller.User, "chunk.put", target,
                    GantryError.Invalid($"the {length} bytes sent do not hash to {hash}: corrupted in transit, or the file changed while it was pushed"), cancellationToken);
            }
        }
        finally
        {
            BodyReader.Return(buffer);
        }

        foreach (var upload in uploads)
            upload.MarkReceived(hash);
        foreach (var project in uploads.Select(u => u.Project).Distinct(StringComparer.Ordinal))
            possession.Add(project, hash);
        return null;
    }

    /// <summary>
    /// The chunks of an upload that cannot be committed yet: absent from the store, or never sent by the caller and
    /// not already the caller's to use. Empty when the commit may go ahead.
    /// </summary>
    public async Task<IReadOnlyList<string>> UncommittableAsync(Caller caller, UploadRecord upload, Manifest manifest, CancellationToken cancellationToken)
    {
        var session = sessions.Find(upload.Id) ?? sessions.Add(upload, manifest);
        return await access.MissingAsync(caller, manifest.ChunkHashes(), session, cancellationToken);
    }

    /// <summary>The caller's upload <paramref name="id"/> to this target, or null.</summary>
    public async Task<(UploadRecord Upload, Manifest Manifest)?> FindAsync(Caller caller, string kind, string name, string id, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var upload = await db.Set<UploadRecord>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (upload is null || upload.User != caller.User || upload.Kind != kind || upload.Target != name)
            return null;
        var manifest = ManifestJson.Parse(upload.ManifestJson);
        return manifest.IsOk ? (upload, manifest.Value) : null;
    }

    public void Forget(string id) => sessions.Remove(id);

    /// <summary>Which project the pushed bytes go to, after checking the caller may push there.</summary>
    private async Task<Outcome<string>> TargetProjectAsync(Caller caller, string kind, string name, string? project, Manifest manifest, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        if (kind == DatasetKind)
        {
            var dataset = await db.Set<DatasetRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
            if (DataAccess.See(caller, dataset, name) is { } unseen)
                return unseen;
            if (dataset!.DeletedAtMs is not null)
                return GantryError.Conflict($"dataset '{name}' was deleted; it keeps only the versions lineage needs and takes no new ones");
            if (ProjectAccess.Require(caller, dataset.Project, Role.Member, "pushing to datasets") is { } denied)
                return denied;
            return dataset.Project;
        }

        if (manifest.Files.Count != 1)
            return GantryError.Invalid($"a model upload is one file; this manifest has {manifest.Files.Count}");
        if (manifest.Files[0].Size == 0)
            return GantryError.Invalid("the model file is empty");
        var model = await db.Set<ModelRecord>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        return ModelService.PushProject(caller, model, name, project);
    }
}
