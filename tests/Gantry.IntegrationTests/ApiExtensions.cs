using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

internal static class ApiExtensions
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, GantryJson.Options)!;
    }

    /// <summary>The problem details' detail of a refused request, after checking the status.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString() ?? string.Empty);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("detail").GetString()!;
    }

    public static async Task<SubmitResponse> SubmitAsync(this HttpClient client, JobSpec spec)
    {
        var response = await client.PostAsync("/api/v1/jobs", TestServer.Json(spec), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<SubmitResponse>();
    }

    public static async Task<JobView> GetJobAsync(this HttpClient client, long id) =>
        await (await client.GetAsync($"/api/v1/jobs/{id}", TestContext.Current.CancellationToken)).ReadAsync<JobView>();

    /// <summary>Waits (server-side long poll) until the job is final.</summary>
    public static async Task<JobView> WaitAsync(this HttpClient client, long id)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = await (await client.GetAsync($"/api/v1/jobs/{id}/wait?timeout=30s", TestContext.Current.CancellationToken)).ReadAsync<JobView>();
            if (job.State.IsFinal())
                return job;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"job {id} did not finish: {job.State} {job.Reason}");
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the job, with a deadline.</summary>
    public static async Task<JobView> WaitForAsync(this HttpClient client, long id, Func<JobView, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            var job = await client.GetJobAsync(id);
            if (condition(job))
                return job;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"job {id} never reached the condition: {job.State} {job.Reason}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<string> LogAsync(this HttpClient client, long id, string stream = "stdout") =>
        await client.GetStringAsync($"/api/v1/jobs/{id}/logs?stream={stream}", TestContext.Current.CancellationToken);
}
