using System.Net;
using System.Text;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class BadInputTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> BadJson => new()
    {
        { "{\"command\": [\"true\"", "invalid JSON" },
        { "{\"command\": [\"true\"], \"gpuz\": 1}", "unknown field 'gpuz'" },
        { "{\"command\": [\"true\"], \"resources\": {\"gpus\": -1}}", "resources.gpus -1 is outside" },
        { "{\"command\": [\"true\"], \"resources\": {\"cpus\": 0}}", "resources.cpus 0 must be above 0" },
        { "{\"command\": [\"true\"], \"resources\": {\"memory\": \"99Pi\"}}", "resources.memory '99Pi' must be above 0 and at most 64Ti" },
        { "{\"command\": [\"true\"], \"resources\": {\"memory\": \"lots\"}}", "is not a quantity" },
        { "{\"command\": [\"true\"], \"name\": \"../../etc\"}", "job name '../../etc'" },
        { "{\"command\": [\"true\"], \"name\": \"a\\u0001b\"}", "control characters" },
        { "{\"command\": [\"true\"], \"project\": \"../x\"}", "project '../x'" },
        { "{\"command\": []}", "command is required" },
        { "{\"command\": [\"true\"], \"max_retries\": 1000}", "max_retries 1000 is outside" },
        { "{\"command\": [\"true\"], \"time_limit\": \"forever\"}", "is not a duration" },
        { "{\"command\": [\"true\"], \"array\": \"5-1\"}", "is not a range" },
        { "{\"command\": [\"true\"], \"array\": \"0-99999\"}", "more than 10000 tasks" },
        { "{\"command\": [\"true\"], \"env\": {\"CUDA_VISIBLE_DEVICES\": \"0\"}}", "reserved" },
        { "{\"command\": [\"true\"], \"env\": {\"BAD-NAME\": \"x\"}}", "env name 'BAD-NAME'" },
        { "{\"command\": [\"true\"], \"state\": \"succeeded\"}", "unknown field 'state'" },
        { "null", "JSON null" },
        { "", "body is empty" },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task Submit_WithBadJson_Returns400NamingTheProblem_AndStoresNothing(string body, string expected)
    {
        var response = await _server.Admin.PostAsync("/api/v1/jobs", TestServer.RawJson(body), TestContext.Current.CancellationToken);

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest));
        await AssertNoJobsAsync();
    }

    [Theory]
    [InlineData("command: [true\nname: x", "invalid YAML")]
    [InlineData("command: [\"true\"]\nresources:\n  gpuz: 2\n", "gpuz")]
    [InlineData("command: [\"true\"]\nfoo: bar\n", "unknown field 'foo'")]
    [InlineData("command: {a: b}\n", "command must be a list")]
    [InlineData("command: [\"true\"]\ncommand: [\"false\"]\n", "uplicate key")]
    public async Task Submit_WithBadYaml_Returns400(string yaml, string expected)
    {
        var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");

        var response = await _server.Admin.PostAsync("/api/v1/jobs", content, TestContext.Current.CancellationToken);

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest));
        await AssertNoJobsAsync();
    }

    [Fact]
    public async Task Submit_Yaml_Works()
    {
        var yaml = "name: from-yaml\ncommand: echo hi\nresources:\n  cpus: 0.1\n  memory: 64Mi\nmax_retries: 1\ntime_limit: 5m\n";
        var response = await _server.Admin.PostAsync("/api/v1/jobs", new StringContent(yaml, Encoding.UTF8, "application/yaml"), TestContext.Current.CancellationToken);
        var id = (await response.ReadAsync<SubmitResponse>()).JobIds[0];

        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal("from-yaml", job.Name);
        Assert.Equal("5m", job.TimeLimit);
        Assert.Equal(JobState.Succeeded, job.State);
    }

    [Fact]
    public async Task Submit_OverTheSizeLimit_Returns413()
    {
        var huge = "{\"command\": [\"" + new string('x', 2 << 20) + "\"]}";

        var response = await _server.Admin.PostAsync("/api/v1/jobs", TestServer.RawJson(huge), TestContext.Current.CancellationToken);

        Assert.Contains("limit", await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge));
        await AssertNoJobsAsync();
    }

    [Theory]
    [InlineData(3, null, "asks for 3 GPUs but the largest node in any pool has 2")]
    [InlineData(1, "H100", "asks for 1 'H100' GPUs but no node in any pool has any")]
    public async Task Submit_OfAJobThatCanNeverFit_Returns422WithTheReason(int gpus, string? type, string expected)
    {
        var spec = TestServer.Shell("true", gpus: gpus) with { Resources = new ResourceSpec { Gpus = gpus, GpuType = type, Cpus = 0.1 } };

        var response = await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(spec), TestContext.Current.CancellationToken);

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.UnprocessableEntity));
        await AssertNoJobsAsync();
    }

    [Fact]
    public async Task Submit_WithMoreCpusOrMemoryThanAnyNode_Returns422()
    {
        var cpus = TestServer.Shell("true") with { Resources = new ResourceSpec { Cpus = 4000 } };
        var memory = TestServer.Shell("true") with { Resources = new ResourceSpec { Memory = "60Ti" } };

        var a = await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(cpus), TestContext.Current.CancellationToken);
        var b = await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(memory), TestContext.Current.CancellationToken);

        Assert.Contains("CPUs but the largest node", await a.ProblemAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Contains("of memory but the largest node", await b.ProblemAsync(HttpStatusCode.UnprocessableEntity));
        await AssertNoJobsAsync();
    }

    [Theory]
    [InlineData("/api/v1/jobs/999999", "job 999999 not found")]
    [InlineData("/api/v1/jobs/999999/logs", "job 999999 not found")]
    [InlineData("/api/v1/jobs?state=sleeping", "state 'sleeping'")]
    [InlineData("/api/v1/jobs?limit=0", "limit must be between")]
    [InlineData("/api/v1/jobs?cursor=abc", "cursor 'abc'")]
    public async Task Reads_WithBadInput_GetProblemDetails(string url, string expected)
    {
        var response = await _server.Admin.GetAsync(url, TestContext.Current.CancellationToken);

        var status = expected.Contains("not found", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
        Assert.Contains(expected, await response.ProblemAsync(status));
    }

    [Theory]
    [InlineData("{\"name\": \"../root\"}", "user name '../root'")]
    [InlineData("{\"name\": \"ok\", \"role\": \"member\"}", "a role needs a project")]
    [InlineData("{\"name\": \"ok\", \"project\": \"nope\"}", "project 'nope' not found")]
    [InlineData("{\"name\": \"admin\"}", "already exists")]
    [InlineData("{\"name\": \"ok\", \"role\": \"emperor\"}", "invalid JSON")]
    public async Task CreateUser_WithBadInput_IsRefused(string body, string expected)
    {
        var response = await _server.Admin.PostAsync("/api/v1/users", TestServer.RawJson(body), TestContext.Current.CancellationToken);

        var detail = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.False(response.IsSuccessStatusCode, detail);
        Assert.Contains(expected, detail);
        var users = await (await _server.Admin.GetAsync("/api/v1/users", TestContext.Current.CancellationToken)).ReadAsync<UserView[]>();
        Assert.Equal(["admin"], users.Select(u => u.Name));
    }

    private async Task AssertNoJobsAsync()
    {
        var page = await (await _server.Admin.GetAsync("/api/v1/jobs", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        Assert.Empty(page.Items);
    }
}
