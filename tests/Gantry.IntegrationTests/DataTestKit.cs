using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Gantry.Cli.Commands.Data;
using Gantry.Client;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Storage.Blobs;

namespace Gantry.IntegrationTests;

/// <summary>Helpers of the data tests: trees of files, clients for users with roles, minimal model files.</summary>
internal static class DataTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static GantryClient ApiClient(TestServer server, string? token = null) => new(new Uri(server.App.Address), token ?? server.AdminToken);

    public static DatasetTransfer Transfer(GantryClient client, IProgress<long>? progress = null) =>
        new(client) { Parallelism = 6, TransferProgress = progress };

    /// <summary>Creates a user with a role in a project (creating the project when needed) and returns a token for them.</summary>
    public static async Task<string> UserAsync(TestServer server, string user, string project, Role role)
    {
        var projects = await server.Admin.GetFromJsonAsync<List<ProjectView>>("/api/v1/projects", Gantry.Core.GantryJson.Options, Ct);
        if (!projects!.Any(p => p.Name == project))
            (await server.Admin.PostAsync("/api/v1/projects", TestServer.Json(new CreateProjectRequest(project)), Ct)).EnsureSuccessStatusCode();
        var users = await server.Admin.GetFromJsonAsync<List<UserView>>("/api/v1/users", Gantry.Core.GantryJson.Options, Ct);
        if (users!.Any(u => u.Name == user))
            (await server.Admin.PutAsync($"/api/v1/projects/{project}/members/{user}", TestServer.Json(new SetMemberRequest(role)), Ct)).EnsureSuccessStatusCode();
        else
            (await server.Admin.PostAsync("/api/v1/users", TestServer.Json(new CreateUserRequest(user, Project: project, Role: role)), Ct)).EnsureSuccessStatusCode();
        var token = await (await server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest(User: user)), Ct)).ReadAsync<TokenCreated>();
        return token.Token;
    }

    /// <summary>A tree of many small files and a few multi-chunk ones, with a marker string in every file for plaintext scans.</summary>
    public static string Tree(string root, int seed, int small = 120, int large = 2, int largeBytes = 6 << 20, string marker = "GANTRY-CANARY")
    {
        var random = new Random(seed);
        Directory.CreateDirectory(root);
        var markerBytes = Encoding.ASCII.GetBytes(marker);
        for (var i = 0; i < small; i++)
        {
            var dir = Path.Join(root, "shard-" + (i % 7), i % 3 == 0 ? "deep/er" : "");
            Directory.CreateDirectory(dir);
            var bytes = new byte[random.Next(1, 48 << 10)];
            random.NextBytes(bytes);
            if (bytes.Length > markerBytes.Length)
                markerBytes.CopyTo(bytes, 0);
            File.WriteAllBytes(Path.Join(dir, $"part-{i:D4}.bin"), bytes);
        }

        for (var i = 0; i < large; i++)
        {
            var bytes = new byte[largeBytes + random.Next(1 << 20)];
            random.NextBytes(bytes);
            for (var at = 0; at + markerBytes.Length < bytes.Length; at += 1 << 20)
                markerBytes.CopyTo(bytes, at);
            File.WriteAllBytes(Path.Join(root, $"large-{i}.dat"), bytes);
        }

        File.WriteAllText(Path.Join(root, "README.txt"), marker + " readme\n");
        File.WriteAllBytes(Path.Join(root, "empty"), []);
        File.SetUnixFileMode(Path.Join(root, "README.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return root;
    }

    /// <summary>The manifest hash of a directory: equal for two trees with the same paths, modes and bytes.</summary>
    public static async Task<string> HashOfAsync(string root) =>
        (await new TreeReader().ReadAsync(root, null, Ct)).Value!.Hash;

    /// <summary>Every chunk of a tree with its bytes, as a client would send them.</summary>
    public static async Task<(Manifest Manifest, Dictionary<string, byte[]> Chunks)> ChunksOfAsync(string root)
    {
        var sink = new CollectingSink();
        var manifest = (await new TreeReader().ReadAsync(root, sink, Ct)).Value!;
        return (manifest, sink.Chunks);
    }

    public static IEnumerable<string> Scan(IEnumerable<byte[]> blobs, string marker)
    {
        var needle = Encoding.ASCII.GetBytes(marker);
        return blobs.Where(b => b.AsSpan().IndexOf(needle) >= 0).Select(b => Convert.ToHexStringLower(SHA256.HashData(b)));
    }

    private sealed class CollectingSink : IChunkSink
    {
        public Dictionary<string, byte[]> Chunks { get; } = new(StringComparer.Ordinal);

        public ValueTask<ChunkPutStatus> PutChunkAsync(string hash, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
        {
            lock (Chunks)
                Chunks[hash] = plaintext.ToArray();
            return ValueTask.FromResult(ChunkPutStatus.Stored);
        }
    }
}
