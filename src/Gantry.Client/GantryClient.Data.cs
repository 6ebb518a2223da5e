using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gantry.Core;
using Gantry.Core.Api.Data;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>Creates a dataset.</summary>
    public Task<DatasetView> CreateDatasetAsync(CreateDatasetRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DatasetView>(HttpMethod.Post, "api/v1/datasets", request, cancellationToken);

    /// <summary>Datasets in the caller's projects (one project's when <paramref name="project"/> is set).</summary>
    public Task<IReadOnlyList<DatasetView>> ListDatasetsAsync(string? project = null, bool deleted = false, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<DatasetView>>(new QueryString("api/v1/datasets").Add("project", project).Add("deleted", deleted ? "true" : null).ToString(), cancellationToken);

    /// <summary>A dataset and its versions, newest first.</summary>
    public Task<DatasetDetail> GetDatasetAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync<DatasetDetail>(DatasetPath(name), cancellationToken);

    /// <summary>One version (null: the latest) with its lineage.</summary>
    public Task<DatasetVersionDetail> GetDatasetVersionAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        GetAsync<DatasetVersionDetail>($"{DatasetPath(name)}/versions/{VersionText(version)}", cancellationToken);

    /// <summary>Deletes a dataset; the versions lineage still needs are kept.</summary>
    public Task<DatasetDeleted> DeleteDatasetAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<DatasetDeleted>(HttpMethod.Delete, DatasetPath(name), null, cancellationToken);

    /// <summary>Push step 1: offers a manifest (its JSON form) and learns which chunks the server needs.</summary>
    public Task<UploadView> CreateDatasetUploadAsync(string name, string manifestJson, CancellationToken cancellationToken = default) =>
        SendDataAsync(HttpMethod.Post, $"{DatasetPath(name)}/uploads", Json(manifestJson), ReadJsonAsync<UploadView>, RequestTimeout, cancellationToken);

    /// <summary>Push step 2: sends one chunk's plaintext, addressed by its SHA-256.</summary>
    public Task PutChunkAsync(string hash, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken = default)
    {
        var content = new ReadOnlyMemoryContent(chunk);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return SendDataAsync(HttpMethod.Put, "api/v1/chunks/" + Uri.EscapeDataString(hash), content, static (_, _) => Task.FromResult(true), RequestTimeout, cancellationToken);
    }

    /// <summary>Push step 3: commits an upload as the dataset's next version.</summary>
    public Task<CommitView> CommitDatasetUploadAsync(string name, string uploadId, CancellationToken cancellationToken = default) =>
        SendAsync<CommitView>(HttpMethod.Post, $"{DatasetPath(name)}/uploads/{Uri.EscapeDataString(uploadId)}/commit", null, cancellationToken);

    /// <summary>Pull step 1: a version's manifest in its JSON form.</summary>
    public Task<string> GetDatasetManifestAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        SendDataAsync(HttpMethod.Get, $"{DatasetPath(name)}/versions/{VersionText(version)}/manifest", null,
            static (response, ct) => response.Content.ReadAsStringAsync(ct), RequestTimeout, cancellationToken);

    /// <summary>Pull step 2: one chunk of a dataset version (verify it against its hash before use).</summary>
    public Task<byte[]> GetDatasetChunkAsync(string hash, string dataset, int version, CancellationToken cancellationToken = default) =>
        SendDataAsync(HttpMethod.Get, new QueryString("api/v1/chunks/" + Uri.EscapeDataString(hash)).Add("dataset", dataset).Add("version", version).ToString(), null,
            static (response, ct) => response.Content.ReadAsByteArrayAsync(ct), RequestTimeout, cancellationToken);

    /// <summary>Adds a master key (when the server's keys are in a file) and re-wraps every chunk under the current key (admin).</summary>
    public Task<RewrapView> RotateMasterKeyAsync(CancellationToken cancellationToken = default) =>
        SendDataAsync(HttpMethod.Post, "api/v1/data/rotate-key", null, ReadJsonAsync<RewrapView>, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Models in the caller's projects.</summary>
    public Task<IReadOnlyList<ModelView>> ListModelsAsync(string? project = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ModelView>>(new QueryString("api/v1/models").Add("project", project).ToString(), cancellationToken);

    /// <summary>A model and its versions, newest first.</summary>
    public Task<ModelDetail> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync<ModelDetail>(ModelPath(name), cancellationToken);

    /// <summary>One model version (null: the latest).</summary>
    public Task<ModelVersionView> GetModelVersionAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        GetAsync<ModelVersionView>($"{ModelPath(name)}/versions/{VersionText(version)}", cancellationToken);

    /// <summary>Moves a version to a stage.</summary>
    public Task<ModelVersionView> StageModelAsync(string name, int version, ModelStage stage, CancellationToken cancellationToken = default) =>
        SendAsync<ModelVersionView>(HttpMethod.Post, $"{ModelPath(name)}/versions/{VersionText(version)}/stage", new StageRequest(stage), cancellationToken);

    /// <summary>
    /// Registers the next version of a model from <paramref name="file"/>, streamed; the server detects the format,
    /// pins the SHA-256 and extracts the signature.
    /// </summary>
    /// <param name="progress">Told the bytes sent, as deltas.</param>
    public Task<ModelVersionView> RegisterModelAsync(
        string name, Stream file, string fileName, string? project = null, IReadOnlyDictionary<string, double>? metrics = null, long? fromJob = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString($"{ModelPath(name)}/versions").Add("project", project).Add("file", fileName).Add("from_job", fromJob);
        foreach (var (key, value) in metrics ?? new Dictionary<string, double>())
            path.Add("metric", $"{key}={value.ToString("R", CultureInfo.InvariantCulture)}");
        var content = new StreamContent(progress is null ? file : new CountingStream(file, progress), 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (file.CanSeek)
            content.Headers.ContentLength = file.Length - file.Position;
        return SendDataAsync(HttpMethod.Post, path.ToString(), content, ReadJsonAsync<ModelVersionView>, Timeout.InfiniteTimeSpan, cancellationToken);
    }

    /// <summary>Chunked register, step 1: offers a one-file manifest for the model's next version.</summary>
    public Task<UploadView> CreateModelUploadAsync(string name, string manifestJson, string? project = null, CancellationToken cancellationToken = default) =>
        SendDataAsync(HttpMethod.Post, new QueryString($"{ModelPath(name)}/uploads").Add("project", project).ToString(), Json(manifestJson), ReadJsonAsync<UploadView>, RequestTimeout, cancellationToken);

    /// <summary>Chunked register, step 3: commits the upload as the model's next version.</summary>
    public Task<ModelVersionView> CommitModelUploadAsync(string name, string uploadId, CommitModelRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync<ModelVersionView>(HttpMethod.Post, $"{ModelPath(name)}/uploads/{Uri.EscapeDataString(uploadId)}/commit", request ?? new CommitModelRequest(), cancellationToken);

    /// <summary>
    /// Downloads a model version into <paramref name="destination"/> and checks the bytes against the version's pinned
    /// SHA-256; returns the version. A mismatch or a cut-off transfer throws <see cref="GantryApiException"/>.
    /// </summary>
    public async Task<ModelVersionView> DownloadModelAsync(string name, int version, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var model = await GetModelVersionAsync(name, version, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        await SendDataAsync(HttpMethod.Get, $"{ModelPath(name)}/versions/{VersionText(version)}/download", null, async (response, ct) =>
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[1 << 20];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), ct);
                    received += read;
                    progress?.Report(read);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new GantryApiException(System.Net.HttpStatusCode.BadGateway, "Download cut off", $"the download of {name}@{version} was cut off after {received} bytes: {e.Message}");
            }

            return true;
        }, Timeout.InfiniteTimeSpan, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (received != model.SizeBytes || actual != model.Sha256)
        {
            throw new GantryApiException(System.Net.HttpStatusCode.BadGateway, "Download corrupted",
                $"the download of {name}@{version} does not match its pinned SHA-256 ({received} of {model.SizeBytes} bytes, sha256 {actual}, expected {model.Sha256})");
        }

        return model;
    }

    /// <summary>Sends a request with <paramref name="content"/> as it is (not JSON-serialised) and reads the answer within <paramref name="timeout"/>.</summary>
    private async Task<T> SendDataAsync<T>(
        HttpMethod method,
        string path,
        HttpContent? content,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
            deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (_token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        try
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, deadline.Token);
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(ex);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                    throw await ProblemReader.ReadAsync(response, deadline.Token);
                return await read(response, deadline.Token);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GantryConnectionException($"the Gantry server at {AddressText} did not answer within {Core.Text.DurationText.Format(timeout)}", ex);
        }
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string DatasetPath(string name) => "api/v1/datasets/" + Uri.EscapeDataString(name);

    private static string ModelPath(string name) => "api/v1/models/" + Uri.EscapeDataString(name);

    private static string VersionText(int? version) => version?.ToString(CultureInfo.InvariantCulture) ?? "latest";

    /// <summary>Reports the bytes read through it, for upload progress.</summary>
    private sealed class CountingStream(Stream inner, IProgress<long> progress) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            progress.Report(read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            progress.Report(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
