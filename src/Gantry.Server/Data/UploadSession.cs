using System.Collections.Concurrent;

namespace Gantry.Server.Data;

/// <summary>An open upload held in memory: the chunks its manifest names and which of them this server received.</summary>
internal sealed class UploadSession(string id, string kind, string target, string project, string user, IReadOnlySet<string> chunks, long expiresAtMs)
{
    private readonly ConcurrentDictionary<string, bool> _received = new(StringComparer.Ordinal);

    public string Id { get; } = id;

    public string Kind { get; } = kind;

    public string Target { get; } = target;

    public string Project { get; } = project;

    public string User { get; } = user;

    public IReadOnlySet<string> Chunks { get; } = chunks;

    public long ExpiresAtMs { get; set; } = expiresAtMs;

    public bool Received(string hash) => _received.ContainsKey(hash);

    public void MarkReceived(string hash) => _received[hash] = true;
}
