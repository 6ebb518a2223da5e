using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core.Api;
using Gantry.Core.Api.Cost;

namespace Gantry.IntegrationTests;

/// <summary>
/// The web dashboard in a real headless Chromium, driven over the Chrome DevTools Protocol, against a
/// real server: pages render with its data, charts have points, and without a token nothing shows.
/// </summary>
public sealed class DashboardTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task StaticFiles_AreServedWithoutAToken_ButDataIsNot()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.App.Address) };
        var ct = TestContext.Current.CancellationToken;

        var root = await anonymous.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/dashboard/", root.Headers.Location?.OriginalString);
        Assert.Equal("/dashboard/", (await anonymous.GetAsync("/dashboard", ct)).Headers.Location?.OriginalString);
        var page = await anonymous.GetAsync("/dashboard/", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("login-form", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var script = await anonymous.GetAsync("/dashboard/app.js", ct);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/dashboard/nope.js", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/jobs", ct)).StatusCode);
    }

    [Fact]
    public async Task JobsPage_ListsAJobThatRan_AndItsDetailShowsLogsAsText()
    {
        Requirements.Require(File.Exists(ChromiumPath), "needs Chromium: apt-get install chromium");
        await using var server = await TestServer.StartAsync();
        var name = "dash-" + Guid.NewGuid().ToString("N")[..8];
        var id = (await server.Admin.SubmitAsync(TestServer.Shell("echo '<img src=x id=pwned>' hello-from-job", name: name))).JobIds[0];
        await server.Admin.WaitAsync(id);
        await using var browser = await Browser.StartAsync();

        await browser.OpenAsync($"{server.App.Address}/dashboard/#/jobs&token={Uri.EscapeDataString(server.AdminToken)}");
        await browser.WaitReadyAsync();
        Assert.Contains(name, await browser.EvalAsync<string>("document.querySelector('table.jobs').textContent"), StringComparison.Ordinal);
        Assert.DoesNotContain("token=", await browser.EvalAsync<string>("location.href"), StringComparison.Ordinal);
        Assert.Equal(server.AdminToken, await browser.EvalAsync<string>("sessionStorage.getItem('gantry.token')"));

        await browser.EvalAsync<string>($"(location.hash = '#/jobs/{id}')");
        await browser.WaitAsync($"document.getElementById('main').dataset.state === 'ready' && document.getElementById('job-name') !== null");
        Assert.Equal(name, await browser.EvalAsync<string>("document.getElementById('job-name').textContent"));
        Assert.Contains("<img src=x id=pwned> hello-from-job", await browser.EvalAsync<string>("document.getElementById('log-stdout').textContent"), StringComparison.Ordinal);
        Assert.True(await browser.EvalAsync<bool>("document.getElementById('pwned') === null"), "job output must be shown as text, not markup");

        var project = (await server.Admin.GetJobAsync(id)).Project;
        var budget = await server.Admin.PutAsync($"/api/v1/projects/{project}/budget", TestServer.Json(new BudgetRequest(100)), TestContext.Current.CancellationToken);
        Assert.True(budget.IsSuccessStatusCode, $"setting a budget: {(int)budget.StatusCode}");
        foreach (var (page, check) in new[]
        {
            ("budgets", $"document.querySelector('#budget-table').textContent.includes('$100.00')"),
            ("audit", "document.querySelectorAll('#audit-table tbody tr').length > 0"),
            ("deployments", "document.getElementById('deployments-note').textContent.includes('No deployments')"),
        })
        {
            await browser.EvalAsync<string>($"(location.hash = '#/{page}')");
            await browser.WaitAsync($"document.body.dataset.page === '{page}' && document.getElementById('main').dataset.state === 'ready' && {check}");
        }
    }

    [Fact]
    public async Task Overview_DrawsGpuAllocationAndUtilisation_WithPoints()
    {
        Requirements.Require(File.Exists(ChromiumPath), "needs Chromium: apt-get install chromium");
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var now = DateTimeOffset.UtcNow;
        await server.InjectAsync(MonitoringSupport.Reading(0, 40, now.AddMinutes(-20)), MonitoringSupport.Reading(1, 10, now.AddMinutes(-20)),
            MonitoringSupport.Reading(0, 60, now.AddMinutes(-10)), MonitoringSupport.Reading(1, 30, now.AddMinutes(-10)),
            MonitoringSupport.Reading(0, 90, now.AddMinutes(-1)), MonitoringSupport.Reading(1, 50, now.AddMinutes(-1)));
        await using var browser = await Browser.StartAsync();

        await browser.OpenAsync($"{server.App.Address}/dashboard/#token={Uri.EscapeDataString(server.AdminToken)}");
        await browser.WaitReadyAsync();
        Assert.Equal("overview", await browser.EvalAsync<string>("document.body.dataset.page"));
        var points = await browser.EvalAsync<int>(
            "Math.max(0, ...[...document.querySelectorAll('svg.line-chart polyline.series')].map(p => p.getAttribute('points').trim().split(/\\s+/).length))");
        Assert.True(points > 1, $"the GPU chart has {points} points");
        Assert.Equal("2", await browser.EvalAsync<string>("document.querySelector('#card-gpus .card-value').textContent"));
        Assert.Equal("0", await browser.EvalAsync<string>("document.querySelector('#card-queue .card-value').textContent"));
    }

    [Fact]
    public async Task CostPage_ShowsTheProjectRow()
    {
        Requirements.Require(File.Exists(ChromiumPath), "needs Chromium: apt-get install chromium");
        await using var server = await TestServer.StartAsync();
        var id = (await server.Admin.SubmitAsync(TestServer.Shell("sleep 1", name: "costly"))).JobIds[0];
        var project = (await server.Admin.WaitAsync(id)).Project;
        var report = await server.Admin.GetFromJsonAsync<CostReport>("/api/v1/cost/report?by=project&since=month");
        Assert.Contains(report.Rows, r => r.Name == project);
        await using var browser = await Browser.StartAsync();

        await browser.OpenAsync($"{server.App.Address}/dashboard/#/cost&token={Uri.EscapeDataString(server.AdminToken)}");
        await browser.WaitReadyAsync();
        var rows = await browser.EvalAsync<string>("[...document.querySelectorAll('#cost-table tbody tr td:first-child')].map(td => td.textContent).join('\\n')");
        Assert.Contains(project, rows.Split('\n'));
        Assert.True(await browser.EvalAsync<bool>($"document.querySelector('svg.bar-chart rect[data-name=\"{project}\"]') !== null"), "the bar chart has the project's bar");
    }

    [Fact]
    public async Task PlannerPage_ShowsTheTrainPlanWithAssumptions_AndTheProblemDetailForBadInput()
    {
        Requirements.Require(File.Exists(ChromiumPath), "needs Chromium: apt-get install chromium");
        await using var server = await TestServer.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var bad = await server.Admin.PostAsync("/api/v1/plans/train",
            TestServer.RawJson("""{"params": "-1", "tokens": "300B", "gpu": "A100-80GB", "gpus": 1024}"""), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var detail = JsonNode.Parse(await bad.Content.ReadAsStringAsync(ct))!["detail"]!.GetValue<string>();
        await using var browser = await Browser.StartAsync();

        await browser.OpenAsync($"{server.App.Address}/dashboard/#/planner?params=175B&tokens=300B&gpu=A100-80GB&gpus=1024&token={Uri.EscapeDataString(server.AdminToken)}");
        await browser.WaitAsync("document.getElementById('main').dataset.state === 'ready' && document.getElementById('plan-flops') !== null");
        Assert.Equal("planner", await browser.EvalAsync<string>("document.body.dataset.page"));
        Assert.Matches(@"^3\.1\de23$", await browser.EvalAsync<string>("document.querySelector('#plan-flops .card-value').textContent"));
        var flops = double.Parse(await browser.EvalAsync<string>("document.getElementById('plan-flops').dataset.value"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(flops, 3.0e23, 3.3e23);
        Assert.True(await browser.EvalAsync<int>("document.querySelectorAll('#plan-assumptions tbody tr').length") > 0, "the plan lists its assumptions");
        Assert.True(await browser.EvalAsync<int>("document.querySelectorAll('#plan-costs tbody tr').length") > 0, "the plan lists its costs");
        Assert.Equal("175B", await browser.EvalAsync<string>("document.getElementById('plan-params').value"));

        // A bad input through the form: the page shows the problem's detail, not a result.
        await browser.EvalAsync<string>("(document.getElementById('plan-params').value = '-1')");
        await browser.EvalAsync<bool>("(document.querySelector('#plan-form button[type=submit]').click(), true)");
        await browser.WaitAsync("document.getElementById('main').dataset.state === 'ready' && document.getElementById('plan-error') !== null");
        Assert.Equal(detail, await browser.EvalAsync<string>("document.getElementById('plan-error').textContent"));
        Assert.True(await browser.EvalAsync<bool>("document.getElementById('plan-flops') === null"), "no figures for a refused plan");
        Assert.Contains("params=-1", await browser.EvalAsync<string>("location.hash"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeploymentsPage_ShowsARealDeploymentWithLatencyAndCostPerPrediction_ItsChartsHavePoints_AndLogoutLocksIt()
    {
        Requirements.Require(File.Exists(ChromiumPath), "needs Chromium: apt-get install chromium");
        await using var server = await TestServer.StartAsync(DeploymentCostTests.Config());
        var name = "dash-serve-" + Guid.NewGuid().ToString("N")[..6];
        await server.Admin.DeployAsync(name, Gantry.Serving.Tests.OnnxModels.Linear(4, 3));
        await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<Gantry.Core.Api.Serving.DeploymentStatsView>($"/api/v1/deployments/{name}/stats"),
            s => s.Replicas.Count == 1, "the deployment's replica span");
        for (var i = 1; i <= 5; i++)
            await (await server.Admin.InferAsync(name, ServingTestKit.LinearRequest(i).Json)).OkJsonAsync();
        await using var browser = await Browser.StartAsync();

        await browser.OpenAsync($"{server.App.Address}/dashboard/#/deployments&token={Uri.EscapeDataString(server.AdminToken)}");
        await browser.WaitAsync("document.getElementById('main').dataset.state === 'ready' && document.getElementById('deployments-table') !== null");
        var row = await browser.EvalAsync<string>($"[...document.querySelectorAll('#deployments-table tbody tr')].map(tr => [...tr.children].map(td => td.textContent).join('|')).find(t => t.startsWith('{name}|'))");
        var cells = row.Split('|');
        Assert.Equal($"{name}@1", cells[1]);
        Assert.Equal("ready", cells[2]);
        Assert.Equal("1", cells[3]);
        Assert.Equal("1", cells[4]);
        Assert.EndsWith(" ms", cells[5], StringComparison.Ordinal);
        Assert.EndsWith(" ms", cells[6], StringComparison.Ordinal);
        Assert.Equal("15", cells[8]);
        Assert.StartsWith("$", cells[10], StringComparison.Ordinal);

        await browser.EvalAsync<bool>($"(document.querySelector('#deployments-table a[href^=\"#/deployments/{name}\"]').click(), true)");
        await browser.WaitAsync("document.getElementById('main').dataset.state === 'ready' && document.getElementById('deployment-name') !== null");
        Assert.Equal(name, await browser.EvalAsync<string>("document.getElementById('deployment-name').textContent"));
        Assert.Equal("15", await browser.EvalAsync<string>("document.querySelector('#card-predictions .card-value').textContent"));
        Assert.StartsWith("$", await browser.EvalAsync<string>("document.querySelector('#card-cost-per-prediction .card-value').textContent"), StringComparison.Ordinal);
        foreach (var chart in new[] { "chart-throughput", "chart-latency", "chart-replicas" })
        {
            var points = await browser.EvalAsync<int>(
                $"Math.max(0, ...[...document.querySelectorAll('#{chart} polyline.series')].map(p => p.getAttribute('points').trim().split(/\\s+/).length))");
            Assert.True(points > 1, $"{chart} has {points} points");
        }

        await browser.EvalAsync<bool>("(document.getElementById('logout').click(), true)");
        const string locked = "document.getElementById('main').dataset.state === 'login' && !document.getElementById('login').hidden && document.getElementById('main').childElementCount === 0";
        await browser.WaitAsync(locked);
        await browser.EvalAsync<string>($"(location.hash = '#/deployments/{name}')");
        await browser.WaitAsync(locked);
        Assert.DoesNotContain("15", await browser.EvalAsync<string>("document.getElementById('main').textContent"), StringComparison.Ordinal);
        await browser.OpenAsync($"{server.App.Address}/dashboard/#/deployments");
        await browser.WaitAsync(locked);
        Assert.DoesNotContain(name, await browser.EvalAsync<string>("document.body.textContent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAToken_PagesShowTheLoginForm_AndLoggingOutLocksThem()
    {
        Requirements.Require(File.Exists(ChromiumPath), "needs Chromium: apt-get install chromium");
        await using var server = await TestServer.StartAsync();
        var name = "secret-" + Guid.NewGuid().ToString("N")[..8];
        await server.Admin.WaitAsync((await server.Admin.SubmitAsync(TestServer.Shell("true", name: name))).JobIds[0]);
        await using var browser = await Browser.StartAsync();
        const string locked = "document.getElementById('main').dataset.state === 'login' && !document.getElementById('login').hidden && document.getElementById('top').hidden && document.getElementById('main').childElementCount === 0";

        foreach (var page in new[] { "overview", "jobs", "cost", "budgets", "audit", "planner", "deployments" })
        {
            await browser.OpenAsync($"{server.App.Address}/dashboard/#/{page}");
            await browser.WaitAsync(locked);
            Assert.DoesNotContain(name, await browser.EvalAsync<string>("document.body.textContent"), StringComparison.Ordinal);
        }

        await browser.OpenAsync($"{server.App.Address}/dashboard/#/jobs&token=not-a-real-token");
        await browser.WaitAsync(locked + " && document.getElementById('login-error').textContent.length > 0");
        Assert.Null(await browser.EvalAsync<string?>("sessionStorage.getItem('gantry.token')"));

        await browser.EvalAsync<string>($"(document.getElementById('token-input').value = {JsonSerializer.Serialize(server.AdminToken)})");
        await browser.EvalAsync<bool>("(document.querySelector('#login-form button[type=submit]').click(), true)");
        await browser.WaitReadyAsync();
        Assert.Contains(name, await browser.EvalAsync<string>("document.getElementById('main').textContent"), StringComparison.Ordinal);

        await browser.EvalAsync<bool>("(document.getElementById('logout').click(), true)");
        await browser.WaitAsync(locked);
        Assert.Null(await browser.EvalAsync<string?>("sessionStorage.getItem('gantry.token')"));
        await browser.EvalAsync<string>("(location.hash = '#/jobs')");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await browser.WaitAsync(locked);
        Assert.DoesNotContain(name, await browser.EvalAsync<string>("document.body.textContent"), StringComparison.Ordinal);
    }

    /// <summary>A headless Chromium with one page, spoken to over the DevTools WebSocket; killed on dispose.</summary>
    private sealed class Browser : IAsyncDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
        private readonly Process _process;
        private readonly string _profile;
        private readonly ClientWebSocket _socket = new();
        private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly StringBuilder _stderr = new();
        private Task _reader = Task.CompletedTask;
        private int _nextId;
        private string? _session;

        private Browser(Process process, string profile)
        {
            _process = process;
            _profile = profile;
        }

        public static async Task<Browser> StartAsync()
        {
            var profile = Directory.CreateTempSubdirectory("gantry-chromium-").FullName;
            var info = new ProcessStartInfo(ChromiumPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank" })
                info.ArgumentList.Add(arg);
            var browser = new Browser(Process.Start(info)!, profile);
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            browser._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                lock (browser._stderr)
                    browser._stderr.AppendLine(e.Data);
                const string marker = "DevTools listening on ";
                if (e.Data.StartsWith(marker, StringComparison.Ordinal))
                    found.TrySetResult(e.Data[marker.Length..].Trim());
            };
            browser._process.OutputDataReceived += (_, _) => { };
            browser._process.BeginErrorReadLine();
            browser._process.BeginOutputReadLine();
            try
            {
                var url = await found.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
                await browser._socket.ConnectAsync(new Uri(url), TestContext.Current.CancellationToken);
                browser._reader = browser.ReadAsync();
                var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: false);
                var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, session: false);
                browser._session = attached["sessionId"]!.GetValue<string>();
                await browser.SendAsync("Runtime.enable", []);
                return browser;
            }
            catch (Exception ex)
            {
                var log = browser.Stderr();
                await browser.DisposeAsync();
                throw new InvalidOperationException("Chromium did not start: " + ex.Message + "\n" + log, ex);
            }
        }

        public async Task OpenAsync(string url)
        {
            // A fresh document each time: navigating only the fragment of the open page would not reload it.
            await SendAsync("Page.navigate", new JsonObject { ["url"] = "about:blank" });
            await WaitAsync("location.href === 'about:blank'");
            await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
            await WaitAsync("document.readyState === 'complete' && location.pathname.startsWith('/dashboard')");
        }

        public Task WaitReadyAsync() =>
            WaitAsync("document.getElementById('main') !== null && document.getElementById('main').dataset.state === 'ready'");

        public async Task WaitAsync(string condition)
        {
            var deadline = DateTimeOffset.UtcNow + Timeout;
            while (true)
            {
                if (await EvalAsync<bool>($"(() => {{ try {{ return !!({condition}); }} catch {{ return false; }} }})()"))
                    return;
                if (DateTimeOffset.UtcNow > deadline)
                {
                    var state = await EvalAsync<string>("location.href + ' ' + (document.body ? document.body.innerText.slice(0, 2000) : '')");
                    Assert.Fail($"timed out waiting for {condition}; page: {state}");
                }
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        public async Task<T> EvalAsync<T>(string expression)
        {
            var result = await SendAsync("Runtime.evaluate", new JsonObject
            {
                ["expression"] = expression,
                ["returnByValue"] = true,
                ["awaitPromise"] = true,
            });
            if (result["exceptionDetails"] is JsonNode error)
                throw new InvalidOperationException($"{expression} threw: {error.ToJsonString()}");
            var value = result["result"]?["value"];
            return value is null ? default! : value.Deserialize<T>()!;
        }

        private async Task<JsonNode> SendAsync(string method, JsonObject parameters, bool session = true)
        {
            var id = Interlocked.Increment(ref _nextId);
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (session)
                message["sessionId"] = _session;
            var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pending)
                _pending[id] = reply;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
            var answer = await reply.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
            if (answer["error"] is JsonNode error)
                throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
            return answer["result"] ?? new JsonObject();
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var chunk = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (chunk.MessageType == WebSocketMessageType.Close)
                        return;
                    message.Write(buffer, 0, chunk.Count);
                    if (!chunk.EndOfMessage)
                        continue;
                    var node = JsonNode.Parse(message.ToArray());
                    message.SetLength(0);
                    if (node?["id"] is JsonNode idNode)
                    {
                        TaskCompletionSource<JsonNode>? waiter;
                        lock (_pending)
                            _pending.Remove(idNode.GetValue<int>(), out waiter);
                        waiter?.TrySetResult(node);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // The browser went away or the test is done.
            }
        }

        private string Stderr()
        {
            lock (_stderr)
                return _stderr.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                if (!_process.HasExited)
                    _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                // Already gone.
            }
            await _reader.ConfigureAwait(false);
            _socket.Dispose();
            _process.Dispose();
            _stop.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Chromium may still be writing into its profile as it dies; the temp directory stays behind.
            }
        }
    }
}
