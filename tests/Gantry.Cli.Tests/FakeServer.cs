using System.Net;
using System.Text;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Cli.Tests;

/// <summary>
/// An in-memory stand-in for the REST API, for unit tests of the client and the CLI's parsing and
/// rendering (the real server is exercised by Gantry.IntegrationTests). Routes answer by method and
/// path; every request is recorded with its body.
/// </summary>
public sealed class FakeServer : HttpMessageHandler
{
    private readonly List<(string Method, string Path, Func<RecordedRequest, HttpResponseMessage> Answer)> _routes = [];

    public List<RecordedRequest> Requests { get; } = [];

    public FakeServer On(string method, string path, Func<RecordedRequest, HttpResponseMessage> answer)
    {
        _routes.Add((method, path, answer));
        return this;
    }

    public FakeServer OnJson<T>(string method, string path, T body, HttpStatusCode status = HttpStatusCode.OK) =>
        On(method, path, _ => Json(body, status));

    public static HttpResponseMessage Json<T>(T body, HttpStatusCode status = HttpStatusCode.OK) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(body, GantryJson.Options), Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string detail) => new(status)
    {
        Content = new StringContent(
            JsonSerializer.Serialize(new { type = "about:blank", title, status = (int)status, detail }),
            Encoding.UTF8,
            "application/problem+json"),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.Authority,
            request.RequestUri.AbsolutePath,
            request.RequestUri.Query,
            request.Headers.Authorization?.ToString(),
            body);
        Requests.Add(recorded);
        foreach (var (method, path, answer) in _routes)
        {
            if (method == recorded.Method && path == recorded.Path)
                return answer(recorded);
        }

        return Problem(HttpStatusCode.NotFound, "Not Found", $"no fake route for {recorded.Method} {recorded.Path}");
    }
}
