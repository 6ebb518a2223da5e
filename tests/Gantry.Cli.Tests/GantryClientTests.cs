using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Client;

namespace Gantry.Cli.Tests;

public sealed class GantryClientTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static GantryClient Client(FakeServer server, string? token = "t") => new(new Uri("http://127.0.0.1:8080"), token, server);

    [Fact]
    public async Task ProblemDetails_BecomeAGantryApiException_WhoseMessageIsTheDetail()
    {
        var server = new FakeServer().On("GET", "/api/v1/jobs/9", _ =>
            FakeServer.Problem(HttpStatusCode.NotFound, "Not Found", "job 9 does not exist"));
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<GantryApiException>(() => client.GetJobAsync(9, Ct));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Not Found", ex.Title);
        Assert.Equal("job 9 does not exist", ex.Detail);
        Assert.Equal("job 9 does not exist", ex.Message);
    }

    [Fact]
    public async Task ValidationProblem_WithoutDetail_UsesItsErrors()
    {
        var server = new FakeServer().On("POST", "/api/v1/projects", _ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"title":"One or more validation errors occurred.","status":400,"errors":{"name":["name is required"]}}""", Encoding.UTF8, "application/problem+json"),
        });
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<GantryApiException>(() => client.CreateProjectAsync(new("x"), Ct));

        Assert.Equal("name is required", ex.Message);
    }

    [Fact]
    public async Task Unauthorized_WithoutABody_SaysHowToLogIn()
    {
        var server = new FakeServer().On("GET", "/api/v1/whoami", _ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        using var client = Client(server, token: null);

        var ex = await Assert.ThrowsAsync<GantryApiException>(() => client.WhoAmIAsync(Ct));

        Assert.Contains("gantry login", ex.Message, StringComparison.Ordinal);
        Assert.Null(server.Requests[0].Authorization);
    }

    [Fact]
    public async Task ConnectionRefused_BecomesAClearMessage()
    {
        var port = ClosedLoopbackPort();
        using var client = new GantryClient(new Uri($"http://127.0.0.1:{port}"), "t");

        var ex = await Assert.ThrowsAsync<GantryConnectionException>(() => client.WhoAmIAsync(Ct));

        Assert.Equal($"cannot reach the Gantry server at http://127.0.0.1:{port}: is `gantry server` running?", ex.Message);
    }

    [Fact]
    public async Task ConnectionRefused_InTheCli_PrintsTheMessage_AndExitsOne()
    {
        var port = ClosedLoopbackPort();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = CliEnvironment.FromVariables(output, error, new Dictionary<string, string> { ["GANTRY_ADDR"] = $"127.0.0.1:{port}" }, Path.GetTempPath());

        var code = await CliApp.RunAsync(["job", "ls"], env, Ct);

        Assert.Equal(1, code);
        Assert.Equal($"error: cannot reach the Gantry server at http://127.0.0.1:{port}: is `gantry server` running?", error.ToString().Trim());
    }

    [Fact]
    public async Task Routes_UseTheBaseAddressPath_AndEscapeNames()
    {
        var server = new FakeServer().On("DELETE", "/gantry/api/v1/projects/my%20proj/members/bob", _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var client = new GantryClient(new Uri("https://example.com/gantry"), "t", server);

        await client.RemoveMemberAsync("my proj", "bob", Ct);

        Assert.Equal("Bearer t", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Responses_WithFieldsThisClientDoesNotKnow_AreStillRead()
    {
        var server = new FakeServer().On("GET", "/api/v1/whoami", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"user":"a","is_admin":false,"projects":[],"added_later":1}""", Encoding.UTF8, "application/json"),
        });
        using var client = Client(server);

        var me = await client.WhoAmIAsync(Ct);

        Assert.Equal("a", me.User);
    }

    [Fact]
    public async Task NotAGantryServer_SaysSo()
    {
        var server = new FakeServer().On("GET", "/api/v1/whoami", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<html>hello</html>", Encoding.UTF8, "application/json"),
        });
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<GantryApiException>(() => client.WhoAmIAsync(Ct));

        Assert.Contains("did not answer like a Gantry server", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_DecodeCharactersSplitAcrossChunks()
    {
        var bytes = Encoding.UTF8.GetBytes("héllo ✓ wörld");
        var server = new FakeServer().On("GET", "/api/v1/jobs/1/logs", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new TrickleStream(bytes, chunk: 1)),
        });
        using var client = Client(server);

        var text = new StringBuilder();
        await foreach (var chunk in client.ReadJobLogsAsync(1, cancellationToken: Ct))
            text.Append(chunk);

        Assert.Equal("héllo ✓ wörld", text.ToString());
    }

    private static int ClosedLoopbackPort()
    {
        // Bind to learn a free port, then close it: connecting to it is then refused, for real.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
