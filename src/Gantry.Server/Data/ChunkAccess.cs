using System.Collections.Concurrent;
using Gantry.Core.Api;
using Gantry.Server.Auth;
using Gantry.Storage;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Data;

/// <summary>
/// Which chunks a caller may learn about and read. A stored chunk counts as present for a push only when a
/// project the caller is a member of already has it (a committed version names it, or a member uploaded its
/// bytes); otherwise the client must send the bytes, which proves it holds them. So a chunk hash is no oracle
/// across projects (beyond timing), and knowing a hash never lets anyone commit, and then pull, bytes they
/// never had. A chunk is readable by whoever may pull a dataset or model version whose manifest names it.
/// </summary>
internal sealed class ChunkAccess(MetadataStore store, DataStore data)
{
    private const int MaxCachedManifests = 256;
    private const int MaxSearchVersions = 500;
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _manifestChunks = new(StringComparer.Ordinal);

    // Pull decisions per caller, so the thousands of chunk GETs of one pull cost one lookup each. A Caller is
    // rebuilt whenever a role changes, and a delete empties the cache, so no decision outlives its reasons.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Caller, ConcurrentDictionary<string, bool>> _grants = new();

    /// <summary>Projects whose chunks the caller may build on: those they are a member of (all for an admin; null means all).</summary>
    public static IReadOnlyList<string>? PushProjects(Caller caller) =>
        caller.IsAdmin ? null : caller.Projects.Where(p => p.Value >= Role.Member).Select(p => p.Key).ToArray();

    /// <summary>
    /// Which of <paramref name="hashes"/> the server still needs from this caller: absent from the store, or
    /// present but not yet the caller's to use (neither in one of their projects nor received in this upload).
    /// </summary>
    public async Task<IReadOnlyList<string>> MissingAsync(Caller caller, IReadOnlyList<string> hashes, UploadSession? session, CancellationToken cancellationToken)
    {
        var usable = await UsableAsync(PushProjects(caller), hashes, cancellationToken);
        if (session is not null)
            usable.UnionWith(hashes.Where(session.Received));
        // Only chunks the caller may use are looked up in the store: the rest must be sent regardless.
        var absent = (await data.Chunks.FindMissingChunksAsync(usable, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return hashes.Distinct(StringComparer.Ordinal).Where(h => !usable.Contains(h) || absent.Contains(h)).ToArray();
    }

    /// <summary>The subset of <paramref name="hashes"/> some project in <paramref name="projects"/> (null: any) has.</summary>
    public async Task<HashSet<string>> UsableAsync(IReadOnlyList<string>? projects, IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (projects is { Count: 0 })
            return found;
        await using var db = store.CreateContext();
        foreach (var batch in hashes.Distinct(StringComparer.Ordinal).Chunk(2000))
        {
            var query = db.Set<ProjectChunkRecord>().AsNoTracking().Where(c => batch.Contains(c.Hash));
            if (projects is not null)
                query = query.Where(c => projects.Contains(c.Project));
            found.UnionWith(await query.Select(c => c.Hash).Distinct().ToListAsync(cancellationToken));
        }

        return found;
    }

    /// <summary>Whether the manifest of this version names the chunk (manifests are immutable, so the answer is cached).</summary>
    public bool Names(string key, string manifestJson, string hash) => ChunksOf(key, () => manifestJson).Contains(hash);

    /// <summary>
    /// The chunks of a dataset or model version, from the cache or else from its manifest; null when the version
    /// does not exist. Only a cache miss reads the manifest, which can be megabytes: a pull asks once per chunk.
    /// </summary>
    public async Task<IReadOnlySet<string>?> VersionChunksAsync(GantryDbContext db, string kind, string name, int version, CancellationToken cancellationToken)
    {
        var key = kind == UploadService.DatasetKind ? DatasetKey(name, version) : ModelKey(name, version);
        if (_manifestChunks.TryGetValue(key, out var cached))
            return cached;
        var json = kind == UploadService.DatasetKind
            ? await db.Set<DatasetVersionRecord>().AsNoTracking().Where(v => v.Dataset == name && v.Version == version).Select(v => v.ManifestJson).FirstOrDefaultAsync(cancellationToken)
            : await db.Set<ModelVersionRecord>().AsNoTracking().Where(v => v.Model == name && v.Version == version).Select(v => v.ManifestJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : ChunksOf(key, () => json);
    }

    private IReadOnlySet<string> ChunksOf(string key, Func<string> manifestJson)
    {
        if (_manifestChunks.TryGetValue(key, out var chunks))
            return chunks;
        var manifest = ManifestJson.Parse(manifestJson());
        chunks = manifest.IsOk ? manifest.Value.ChunkHashes().ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
        if (_manifestChunks.Count >= MaxCachedManifests)
            _manifestChunks.Clear();
        _manifestChunks[key] = chunks;
        return chunks;
    }

    /// <summary>
    /// Finds a dataset or model version the caller may pull whose manifest names <paramref name="hash"/>; returns a
    /// description of it ("dataset corpus@3"), or null. Used when a chunk GET does not say which version it is for.
    /// </summary>
    public async Task<string?> FindReadableAsync(Caller caller, string hash, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var projects = await db.Set<ProjectChunkRecord>().AsNoTracking().Where(c => c.Hash == hash).Select(c => c.Project).ToListAsync(cancellationToken);
        projects = projects.Where(caller.CanSee).ToList();
        if (projects.Count == 0)
            return null;
        var datasets = await db.Set<DatasetRecord>().AsNoTracking().Where(d => projects.Contains(d.Project)).ToListAsync(cancellationToken);
        var readable = datasets.Where(d => DataAccess.Pull(caller, d) is null).Select(d => d.Name).ToList();
        var versions = await db.Set<DatasetVersionRecord>().AsNoTracking().Where(v => readable.Contains(v.Dataset))
            .OrderByDescending(v => v.CreatedAtMs).Take(MaxSearchVersions).ToListAsync(cancellationToken);
        foreach (var version in versions)
        {
            if (Names(DatasetKey(version.Dataset, version.Version), version.ManifestJson, hash))
                return $"dataset {version.Dataset}@{version.Version}";
        }

        var models = await db.Set<ModelRecord>().AsNoTracking().Where(m => projects.Contains(m.Project)).Select(m => m.Name).ToListAsync(cancellationToken);
        var modelVersions = await db.Set<ModelVersionRecord>().AsNoTracking().Where(v => models.Contains(v.Model))
            .OrderByDescending(v => v.CreatedAtMs).Take(MaxSearchVersions).ToListAsync(cancellationToken);
        foreach (var version in modelVersions)
        {
            if (Names(ModelKey(version.Model, version.Version), version.ManifestJson, hash))
                return $"model {version.Model}@{version.Version}";
        }

        return null;
    }

    /// <summary>Whether <paramref name="caller"/> was already allowed to pull the version <paramref name="key"/> names.</summary>
    public bool Granted(Caller caller, string key) => _grants.TryGetValue(caller, out var grants) && grants.ContainsKey(key);

    /// <summary>Remembers that <paramref name="caller"/> may pull the version <paramref name="key"/> names.</summary>
    public void Grant(Caller caller, string key) => _grants.GetOrCreateValue(caller)[key] = true;

    /// <summary>Drops cached manifests of a dataset whose versions were deleted (its name may be reused).</summary>
    public void Forget(string prefix)
    {
        _grants.Clear();
        foreach (var key in _manifestChunks.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
            _manifestChunks.TryRemove(key, out _);
    }

    public static string DatasetKey(string name, int version) => $"dataset/{name}/{version}";

    public static string ModelKey(string name, int version) => $"model/{name}/{version}";
}
