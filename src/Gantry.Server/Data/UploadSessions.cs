using System.Collections.Concurrent;
using Gantry.Storage;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Data;

/// <summary>
/// The open uploads, by id. A chunk PUT is accepted only when one of the caller's open uploads names the chunk, so
/// the chunk endpoint stores nothing nobody asked to commit. Rebuilt from the metadata on start.
/// </summary>
internal sealed class UploadSessions(MetadataStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, UploadSession> _byId = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        var open = await db.Set<UploadRecord>().AsNoTracking().Where(u => u.ExpiresAtMs > nowMs).ToListAsync(cancellationToken);
        foreach (var upload in open)
        {
            var manifest = ManifestJson.Parse(upload.ManifestJson);
            if (manifest.IsOk)
                Add(upload, manifest.Value);
        }
    }

    public UploadSession Add(UploadRecord upload, Manifest manifest)
    {
        var session = _byId.GetOrAdd(upload.Id, _ => new UploadSession(
            upload.Id, upload.Kind, upload.Target, upload.Project, upload.User,
            manifest.ChunkHashes().ToHashSet(StringComparer.Ordinal), upload.ExpiresAtMs));
        session.ExpiresAtMs = upload.ExpiresAtMs;
        return session;
    }

    public UploadSession? Find(string id) => _byId.GetValueOrDefault(id);

    public void Remove(string id) => _byId.TryRemove(id, out _);

    /// <summary>The caller's open uploads that name <paramref name="hash"/>.</summary>
    public IReadOnlyList<UploadSession> Naming(string user, string hash)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        return _byId.Values.Where(s => s.User == user && s.ExpiresAtMs > nowMs && s.Chunks.Contains(hash)).ToArray();
    }

    /// <summary>Forgets uploads past their expiry.</summary>
    public void Prune()
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var session in _byId.Values.Where(s => s.ExpiresAtMs <= nowMs))
            _byId.TryRemove(session.Id, out _);
    }
}
