using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>The longest one wait request asks the server to hold; longer waits loop.</summary>
    public static readonly TimeSpan MaxWaitPerRequest = TimeSpan.FromSeconds(30);

    // A server that answers a wait early and not final should not be asked again at once.
    private static readonly TimeSpan EarlyAnswerPause = TimeSpan.FromSeconds(1);

    /// <summary>Submits a job (or a job array); returns the ids it created.</summary>
    public Task<SubmitResponse> SubmitJobAsync(JobSpec spec, CancellationToken cancellationToken = default) =>
        SendAsync<SubmitResponse>(HttpMethod.Post, "api/v1/jobs", spec, cancellationToken);

    /// <summary>One page of jobs, newest first.</summary>
    public Task<Page<JobView>> ListJobsAsync(JobQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new JobQuery();
        var path = new QueryString("api/v1/jobs")
            .Add("project", query.Project)
            .Add("state", query.State is { } s ? StateText(s) : null)
            .Add("user", query.User)
            .Add("name", query.Name)
            .Add("array_id", query.ArrayId)
            .Add("limit", query.Limit)
            .Add("cursor", query.Cursor);
        return GetAsync<Page<JobView>>(path.ToString(), cancellationToken);
    }

    /// <summary>Every job matching <paramref name="query"/>, following the pages, newest first.</summary>
    public async IAsyncEnumerable<JobView> ListAllJobsAsync(JobQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new JobQuery();
        while (true)
        {
            var page = await ListJobsAsync(query, cancellationToken);
            foreach (var job in page.Items)
                yield return job;
            if (string.IsNullOrEmpty(page.NextCursor) || page.Items.Count == 0)
                yield break;
            query = query with { Cursor = page.NextCursor };
        }
    }

    public Task<JobView> GetJobAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<JobView>(JobPath(id), cancellationToken);

    public Task<JobView> CancelJobAsync(long id, CancellationToken cancellationToken = default) =>
        SendAsync<JobView>(HttpMethod.Post, JobPath(id) + "/cancel", null, cancellationToken);

    /// <summary>
    /// One wait request: the server answers when the job is final or after <paramref name="timeout"/>
    /// (at most <see cref="MaxWaitPerRequest"/> is asked for). The job may not be final yet.
    /// </summary>
    public Task<JobView> WaitJobAsync(long id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout > MaxWaitPerRequest)
            timeout = MaxWaitPerRequest;
        var seconds = Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds));
        var path = new QueryString(JobPath(id) + "/wait").Add("timeout", seconds.ToString(CultureInfo.InvariantCulture) + "s");
        return SendAsync(HttpMethod.Get, path.ToString(), null, ReadJsonAsync<JobView>, TimeSpan.FromSeconds(seconds) + RequestTimeout, cancellationToken);
    }

    /// <summary>
    /// Waits until job <paramref name="id"/> is final or <paramref name="timeout"/> (null: no limit) has
    /// passed, and returns the job as last seen: check <see cref="JobView.State"/> to tell which.
    /// </summary>
    /// <param name="progress">Told each state seen along the way.</param>
    public async Task<JobView> WaitForJobAsync(long id, TimeSpan? timeout = null, IProgress<JobView>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        JobView? last = null;
        while (true)
        {
            var remaining = timeout is { } limit ? limit - _time.GetElapsedTime(started) : MaxWaitPerRequest;
            if (remaining <= TimeSpan.Zero)
                return last ?? await GetJobAsync(id, cancellationToken);
            var asked = remaining < MaxWaitPerRequest ? remaining : MaxWaitPerRequest;

            var before = _time.GetTimestamp();
            last = await WaitJobAsync(id, asked, cancellationToken);
            progress?.Report(last);
            if (last.State.IsFinal())
                return last;
            if (_time.GetElapsedTime(before) < asked / 2)
                await Task.Delay(EarlyAnswerPause, _time, cancellationToken);
        }
    }

    /// <summary>
    /// A job's output as it arrives, in chunks of text. With <paramref name="follow"/> the stream
    /// stays open until the job ends; without, it ends with what has been written so far.
    /// </summary>
    public async IAsyncEnumerable<string> ReadJobLogsAsync(
        long id, bool stderr = false, bool follow = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = new QueryString(JobPath(id) + "/logs")
            .Add("stream", stderr ? "stderr" : "stdout")
            .Add("follow", follow ? "true" : "false");
        using var response = await SendRawAsync(HttpMethod.Get, path.ToString(), null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        while (true)
        {
            var read = await ReadChunkAsync(stream, bytes, cancellationToken);
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
            if (count > 0)
                yield return new string(chars, 0, count);
            if (read == 0)
                yield break;
        }
    }

    private async Task<int> ReadChunkAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new GantryConnectionException($"lost the connection to the Gantry server at {AddressText} while reading logs", ex);
        }
    }

    private static string JobPath(long id) => "api/v1/jobs/" + id.ToString(CultureInfo.InvariantCulture);

    private static string StateText(JobState state) => state.ToString().ToLowerInvariant();
}
