using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gantry.Cli;
using Gantry.Client;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

/// <summary>
/// Datasets through the real server, run once against the filesystem blob store (<see cref="DataFileSystemTests"/>)
/// and once against S3 (<see cref="DataS3Tests"/>, a moto server on loopback): the same push and pull protocol, the
/// same faults, the same guarantees.
/// </summary>
public abstract class DataSuite : IAsyncLifetime
{
    private TestServer? _server;

    protected string Work { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Work = Directory.CreateTempSubdirectory("gantry-data-").FullName;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        Directory.Delete(Work, recursive: true);
    }

    /// <summary>The blob store's settings (and a skip when it is not available here).</summary>
    protected abstract Task<Dictionary<string, string?>> StoreConfigAsync();

    /// <summary>Every blob the store holds, as raw bytes.</summary>
    protected abstract Task<IReadOnlyList<byte[]>> StoredBlobsAsync(TestServer server);

    /// <summary>Flips a byte in the middle of a stored chunk.</summary>
    protected abstract Task CorruptAsync(TestServer server, string hash);

    protected async Task<TestServer> ServerAsync()
    {
        if (_server is not null)
            return _server;
        var config = TestServer.DefaultConfig();
        foreach (var (key, value) in await StoreConfigAsync())
            config[key] = value;
        _server = await TestServer.StartAsync(config);
        return _server;
    }

    [Fact]
    public async Task PushPull_RoundTrip_ManySmallAndAFewLargeFiles()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("corpus"), Ct);
        var tree = Tree(Path.Join(Work, "tree"), seed: 1);

        var pushed = await Transfer(client).PushAsync("corpus", tree, Ct);
        var pulled = await Transfer(client).PullAsync("corpus", null, Path.Join(Work, "pulled"), Ct);

        Assert.True(pushed.Commit.Created);
        Assert.Equal(1, pushed.Commit.Version.Version);
        Assert.Equal(pushed.Chunks, pushed.ChunksSent);
        Assert.Equal(await HashOfAsync(tree), await HashOfAsync(pulled.Directory));
        Assert.Equal(pushed.Files, pulled.Files);
        Assert.True(pushed.Files > 100);
        Assert.True(pushed.Chunks > pushed.Files, "the large files should span several chunks");
    }

    [Fact]
    public async Task Repush_OfTheSameTree_SendsNothing_AndA1PercentChange_SendsLittle()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("dedup"), Ct);
        var tree = Tree(Path.Join(Work, "tree"), seed: 2, small: 60, large: 3, largeBytes: 8 << 20);
        var first = await Transfer(client).PushAsync("dedup", tree, Ct);

        var again = await Transfer(client).PushAsync("dedup", tree, Ct);

        // Overwrite 1% of one large file in place: only the chunks around it change.
        var large = Path.Join(tree, "large-0.dat");
        await using (var stream = new FileStream(large, FileMode.Open, FileAccess.Write))
        {
            stream.Position = stream.Length / 2;
            var noise = new byte[first.SizeBytes / 100];
            new Random(3).NextBytes(noise);
            stream.Write(noise);
        }

        var changed = await Transfer(client).PushAsync("dedup", tree, Ct);

        Assert.False(again.Commit.Created);
        Assert.Equal(1, again.Commit.Version.Version);
        Assert.Equal(0, again.ChunksSent);
        Assert.Equal(0, again.BytesSent);
        Assert.True(changed.Commit.Created);
        Assert.Equal(2, changed.Commit.Version.Version);
        // Content-defined chunks: only the one or two chunks (1 MiB on average, 4 MiB at most) around the change are new.
        Assert.InRange(changed.ChunksSent, 1, 3);
        Assert.True(changed.BytesSent <= (first.SizeBytes / 100) + (8 << 20), $"a 1% change sent {changed.BytesSent} of {first.SizeBytes} bytes");
        var pulled = await Transfer(client).PullAsync("dedup", 2, Path.Join(Work, "v2"), Ct);
        Assert.Equal(await HashOfAsync(tree), await HashOfAsync(pulled.Directory));
    }

    [Fact]
    public async Task InterruptedUpload_Resumes_RepostingTheManifestListsOnlyWhatIsStillMissing()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("resume"), Ct);
        var (manifest, chunks) = await ChunksOfAsync(Tree(Path.Join(Work, "tree"), seed: 4, small: 30));
        var json = Gantry.Storage.Blobs.ManifestJson.Serialize(manifest);

        var first = await client.CreateDatasetUploadAsync("resume", json, Ct);
        var sent = first.Missing.Take(first.Missing.Count / 2).ToList();
        foreach (var hash in sent)
            await client.PutChunkAsync(hash, chunks[hash], Ct);
        var again = await client.CreateDatasetUploadAsync("resume", json, Ct);
        foreach (var hash in again.Missing)
            await client.PutChunkAsync(hash, chunks[hash], Ct);
        var commit = await client.CommitDatasetUploadAsync("resume", again.UploadId, Ct);

        Assert.Equal(manifest.ChunkHashes().Count, first.Missing.Count);
        Assert.Equal(first.UploadId, again.UploadId);
        Assert.Equal(first.Missing.Except(sent).Order(), again.Missing.Order());
        Assert.Equal(1, commit.Version.Version);
    }

    [Fact]
    public async Task UnsafePaths_AreRefused_ByTheClient_AndACraftedManifest_ByTheServer()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("paths"), Ct);
        var outside = Path.Join(Work, "secret.txt");
        await File.WriteAllTextAsync(outside, "not yours", Ct);
        var linked = Path.Join(Work, "linked");
        Directory.CreateDirectory(linked);
        File.CreateSymbolicLink(Path.Join(linked, "escape"), outside);
        var control = Path.Join(Work, "control");
        Directory.CreateDirectory(control);
        await File.WriteAllTextAsync(Path.Join(control, "bad\nname"), "x", Ct);
        var hash = new string('a', 64);
        var crafted = $$"""{"files":[{"path":"../../etc/passwd","size":1,"mode":420,"chunks":["{{hash}}"]}]}""";
        var absolute = $$"""{"files":[{"path":"/etc/passwd","size":1,"mode":420,"chunks":["{{hash}}"]}]}""";

        var link = await Assert.ThrowsAnyAsync<Exception>(() => Transfer(client).PushAsync("paths", linked, Ct));
        var newline = await Assert.ThrowsAnyAsync<Exception>(() => Transfer(client).PushAsync("paths", control, Ct));
        var traversal = await Assert.ThrowsAsync<GantryApiException>(() => client.CreateDatasetUploadAsync("paths", crafted, Ct));
        var rooted = await Assert.ThrowsAsync<GantryApiException>(() => client.CreateDatasetUploadAsync("paths", absolute, Ct));

        Assert.Contains("points outside the tree", link.Message);
        Assert.Contains("control character", newline.Message);
        Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
        Assert.Contains("'..'", traversal.Message);
        Assert.Equal(HttpStatusCode.BadRequest, rooted.StatusCode);
        Assert.Empty((await client.GetDatasetAsync("paths", Ct)).Versions);
    }

    [Fact]
    public async Task Chunk_WhoseBytesDoNotMatchItsAddress_IsRefusedWith400()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("mismatch"), Ct);
        var (manifest, chunks) = await ChunksOfAsync(Tree(Path.Join(Work, "tree"), seed: 5, small: 3, large: 0));
        var upload = await client.CreateDatasetUploadAsync("mismatch", Gantry.Storage.Blobs.ManifestJson.Serialize(manifest), Ct);
        var hash = upload.Missing[0];
        var wrong = chunks[hash].ToArray();
        wrong[^1] ^= 1;

        var refused = await Assert.ThrowsAsync<GantryApiException>(() => client.PutChunkAsync(hash, wrong, Ct));
        var truncated = await Assert.ThrowsAsync<GantryApiException>(() => client.PutChunkAsync(hash, chunks[hash].AsMemory(0, chunks[hash].Length / 2), Ct));
        var unnamed = await Assert.ThrowsAsync<GantryApiException>(() => client.PutChunkAsync(new string('b', 64), new byte[] { 1, 2, 3 }, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("do not hash to", refused.Message);
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Empty((await client.GetDatasetAsync("mismatch", Ct)).Versions);
        Assert.Equal(HttpStatusCode.Forbidden, unnamed.StatusCode);
        Assert.Contains("post the manifest first", unnamed.Message);
    }

    [Fact]
    public async Task Commit_OfAManifestNamingAChunkNobodyUploaded_Is409WithTheHashes_AndAddsNoVersion()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("incomplete"), Ct);
        var (manifest, chunks) = await ChunksOfAsync(Tree(Path.Join(Work, "tree"), seed: 6, small: 5, large: 0));
        var upload = await client.CreateDatasetUploadAsync("incomplete", Gantry.Storage.Blobs.ManifestJson.Serialize(manifest), Ct);
        foreach (var hash in upload.Missing.Skip(1))
            await client.PutChunkAsync(hash, chunks[hash], Ct);

        var response = await server.Admin.PostAsync($"/api/v1/datasets/incomplete/uploads/{upload.UploadId}/commit", null, Ct);
        var detail = await response.ProblemAsync(HttpStatusCode.Conflict);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Contains(upload.Missing[0], detail);
        Assert.Equal([upload.Missing[0]], problem.RootElement.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty((await client.GetDatasetAsync("incomplete", Ct)).Versions);
        var manifestResponse = await server.Admin.GetAsync("/api/v1/datasets/incomplete/versions/latest/manifest", Ct);
        Assert.Equal(HttpStatusCode.NotFound, manifestResponse.StatusCode);
    }

    [Fact]
    public async Task TwoPushesAtOnce_BecomeVersions1And2_EachWhole()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("race"), Ct);
        var a = Tree(Path.Join(Work, "a"), seed: 7, small: 40, large: 1);
        var b = Tree(Path.Join(Work, "b"), seed: 8, small: 40, large: 1);

        var pushes = await Task.WhenAll(Transfer(client).PushAsync("race", a, Ct), Transfer(client).PushAsync("race", b, Ct));

        Assert.Equal([1, 2], pushes.Select(p => p.Commit.Version.Version).Order());
        var expected = new HashSet<string> { await HashOfAsync(a), await HashOfAsync(b) };
        foreach (var version in new[] { 1, 2 })
        {
            var pulled = await Transfer(client).PullAsync("race", version, Path.Join(Work, "pulled-" + version), Ct);
            Assert.Contains(await HashOfAsync(pulled.Directory), expected);
        }
    }

    [Fact]
    public async Task CorruptedStoredChunk_FailsThePullWithAClearError_AndWritesNothing()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("rot"), Ct);
        var (manifest, _) = await ChunksOfAsync(Tree(Path.Join(Work, "tree"), seed: 9, small: 10, large: 1));
        await Transfer(client).PushAsync("rot", Path.Join(Work, "tree"), Ct);
        var victim = manifest.Files.Single(f => f.Path == "large-0.dat").Chunks[1];
        await CorruptAsync(server, victim);

        var destination = Path.Join(Work, "pulled");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Transfer(client).PullAsync("rot", null, destination, Ct));
        var direct = await server.Admin.GetAsync($"/api/v1/chunks/{victim}?dataset=rot&version=1", Ct);

        Assert.Contains("corrupted", failure.Message);
        Assert.Contains(victim, failure.Message);
        Assert.False(Directory.Exists(destination));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Work), e => Path.GetFileName(e).StartsWith(".pulled", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.InternalServerError, direct.StatusCode);
    }

    [Fact]
    public async Task BlobStore_HoldsNoPlaintext_OfWhatWasPushed()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("secret"), Ct);
        var marker = "PLAINTEXT-CANARY-" + Guid.NewGuid().ToString("N");
        var tree = Tree(Path.Join(Work, "tree"), seed: 10, small: 20, large: 1, marker: marker);
        await Transfer(client).PushAsync("secret", tree, Ct);
        await using (var model = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(marker + new string('m', 5000))))
            await client.RegisterModelAsync("secret-model", model, "model.bin", cancellationToken: Ct);

        var blobs = await StoredBlobsAsync(server);

        Assert.NotEmpty(blobs);
        Assert.Empty(Scan(blobs, marker));
        Assert.Empty(Scan(blobs, "readme"));
    }

    [Fact]
    public async Task RestrictedDataset_ViewerIsRefused_AndAMembersPullIsAudited()
    {
        var server = await ServerAsync();
        using var admin = ApiClient(server);
        var viewerToken = await UserAsync(server, "vera", "clinic", Role.Viewer);
        var memberToken = await UserAsync(server, "mona", "clinic", Role.Member);
        await admin.CreateDatasetAsync(new CreateDatasetRequest("patients", "clinic", DataClass.Restricted, ["phi"]), Ct);
        await Transfer(admin).PushAsync("patients", Tree(Path.Join(Work, "tree"), seed: 11, small: 5, large: 0), Ct);
        using var viewer = ApiClient(server, viewerToken);
        using var member = ApiClient(server, memberToken);

        var refused = await Assert.ThrowsAsync<GantryApiException>(() => Transfer(viewer).PullAsync("patients", null, Path.Join(Work, "viewer"), Ct));
        var shown = await viewer.GetDatasetVersionAsync("patients", 1, Ct);
        var manifest = await member.GetDatasetManifestAsync("patients", 1, Ct);
        var chunk = Gantry.Storage.Blobs.ManifestJson.Parse(manifest).Value!.ChunkHashes()[0];
        var viewerChunk = await Assert.ThrowsAsync<GantryApiException>(() => viewer.GetDatasetChunkAsync(chunk, "patients", 1, Ct));
        var pulled = await Transfer(member).PullAsync("patients", null, Path.Join(Work, "member"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("restricted", refused.Message);
        Assert.Equal(DataClass.Restricted, shown.Dataset.Class);
        Assert.Equal(HttpStatusCode.Forbidden, viewerChunk.StatusCode);
        Assert.Equal(5 + 2, pulled.Files);
        var audit = await server.Admin.GetFromJsonAsync<Page<AuditEntryView>>("/api/v1/audit?action=dataset.pull&limit=100", GantryJson.Options, Ct);
        Assert.Contains(audit!.Items, e => e.Actor == "mona" && e.Outcome == "ok" && e.Target == "dataset/patients@1");
        Assert.Contains(audit.Items, e => e.Actor == "vera" && e.Outcome == "forbidden");
    }

    [Fact]
    public async Task ChunkAddresses_AreNoOracleAcrossProjects_AndGrantNoAccess()
    {
        var server = await ServerAsync();
        using var admin = ApiClient(server);
        var aliceToken = await UserAsync(server, "alice", "alpha", Role.Member);
        var bobToken = await UserAsync(server, "bob", "beta", Role.Member);
        using var alice = ApiClient(server, aliceToken);
        using var bob = ApiClient(server, bobToken);
        await alice.CreateDatasetAsync(new CreateDatasetRequest("alpha-data", "alpha"), Ct);
        await bob.CreateDatasetAsync(new CreateDatasetRequest("beta-data", "beta"), Ct);
        var tree = Tree(Path.Join(Work, "tree"), seed: 12, small: 10, large: 1);
        await Transfer(alice).PushAsync("alpha-data", tree, Ct);
        var (manifest, chunks) = await ChunksOfAsync(tree);
        var json = Gantry.Storage.Blobs.ManifestJson.Serialize(manifest);

        // Bob offers the same manifest: every chunk is "missing" for him although the store holds them all.
        var upload = await bob.CreateDatasetUploadAsync("beta-data", json, Ct);
        var read = await Assert.ThrowsAsync<GantryApiException>(() => bob.GetDatasetChunkAsync(manifest.ChunkHashes()[0], "alpha-data", 1, Ct));
        using var bobHttp = server.ClientFor(bobToken);
        var unhinted = (await bobHttp.GetAsync($"/api/v1/chunks/{manifest.ChunkHashes()[0]}", Ct)).StatusCode;
        var commit = await Assert.ThrowsAsync<GantryApiException>(() => bob.CommitDatasetUploadAsync("beta-data", upload.UploadId, Ct));
        foreach (var hash in upload.Missing)
            await bob.PutChunkAsync(hash, chunks[hash], Ct);
        var committed = await bob.CommitDatasetUploadAsync("beta-data", upload.UploadId, Ct);

        Assert.Equal(manifest.ChunkHashes().Order(), upload.Missing.Order());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unhinted);
        Assert.Equal(HttpStatusCode.Conflict, commit.StatusCode);
        Assert.Equal(1, committed.Version.Version);
    }

    [Fact]
    public async Task OnnxModel_RegisteredAndDownloaded_KeepsItsBytesAndSignature()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        var bytes = DataModelFiles.Onnx(weightBytes: 9 << 20);
        await using var stream = new MemoryStream(bytes);

        var version = await client.RegisterModelAsync("digits", stream, "model.onnx", metrics: new Dictionary<string, double> { ["accuracy"] = 0.97 }, cancellationToken: Ct);
        await using var downloaded = new MemoryStream();
        await client.DownloadModelAsync("digits", version.Version, downloaded, cancellationToken: Ct);

        Assert.Equal(ModelFormat.Onnx, version.Format);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), version.Sha256);
        Assert.Equal(["x float32 [N,64]"], version.Signature!.Inputs.Select(i => i.ToString()));
        Assert.Equal(["logits float32 [N,10]"], version.Signature.Outputs.Select(o => o.ToString()));
        Assert.Equal(0.97, version.Metrics["accuracy"]);
        Assert.Equal(bytes, downloaded.ToArray());
    }

    [Fact]
    public async Task RotateKey_RewrapsEveryChunk_AndTheDataStaysReadable()
    {
        var server = await ServerAsync();
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("keys"), Ct);
        var tree = Tree(Path.Join(Work, "tree"), seed: 13, small: 8, large: 1);
        var pushed = await Transfer(client).PushAsync("keys", tree, Ct);

        var first = await client.RotateMasterKeyAsync(Ct);
        var second = await client.RotateMasterKeyAsync(Ct);
        var pulled = await Transfer(client).PullAsync("keys", null, Path.Join(Work, "pulled"), Ct);

        Assert.True(first.KeyAdded);
        Assert.Equal(pushed.Chunks, first.Rewrapped);
        Assert.Equal(first.Examined, second.Rewrapped);
        Assert.NotEqual(first.CurrentKeyId, second.CurrentKeyId);
        Assert.Equal(await HashOfAsync(tree), await HashOfAsync(pulled.Directory));
    }
}
