using System.Globalization;
using System.Text;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Monitoring;
using Gantry.Core.Text;
using Gantry.Execution.Telemetry;
using Gantry.Server.Api;
using Gantry.Server.Auth;
using Gantry.Server.Hosting;
using Gantry.Server.Jobs;
using Gantry.Storage;
using Gantry.Storage.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Monitoring;

/// <summary><c>/metrics</c>, GPU telemetry and job metrics.</summary>
internal static class MonitoringApi
{
    private const int MaxPoints = 10_000;
    private const int DefaultPoints = 300;
    private static readonly TimeSpan DefaultRange = TimeSpan.FromMinutes(15);

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<IOptions<MonitoringOptions>>().Value;
        if (options.Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException("invalid Monitoring configuration: " + string.Join(" ", problems));

        // The observable instruments register on the meter when this is first built.
        routes.ServiceProvider.GetRequiredService<MonitoringGauges>();
        var scrape = routes.MapPrometheusScrapingEndpoint("/metrics").WithTags("Monitoring")
            .WithDisplayName("Prometheus metrics");
        if (options.MetricsAnonymous)
            scrape.AllowAnonymous();

        var api = routes.MapGroup("/api/v1").WithTags("Monitoring");
        api.MapGet("/gpus/telemetry", TelemetryAsync).WithName("GpuTelemetry")
            .WithSummary("GPU telemetry over time (utilisation, memory, power, temperature, clock), per GPU, in steps");
        api.MapGet("/jobs/{id:long}/gpu", JobGpuAsync).WithName("JobGpuUsage")
            .WithSummary("Utilisation of the GPUs a job held, while it held them, with its GPU-hours");
        api.MapGet("/jobs/{id:long}/metrics", JobMetricsAsync).WithName("JobMetrics")
            .WithSummary("The metrics a job reported (loss, accuracy, …) with its queue time, run time and GPU-hours");
        api.MapPost("/jobs/{id:long}/metrics", ReportMetricsAsync).WithName("ReportJobMetrics")
            .WithSummary("Report job metrics: a JSON object like a metrics-file line, or an array of them")
            .Accepts<JsonElement>("application/json");
        return routes;
    }

    private static async Task<Results<Ok<GpuTelemetryResponse>, ProblemHttpResult>> TelemetryAsync(
        string? node, int? gpu, string? since, string? until, string? step, TelemetryStore telemetry, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var end = until is null ? now : ParseInstant(until, now, "until");
        if (!end.IsOk)
            return Problems.From(end.Error);
        var start = since is null ? end.Value - DefaultRange : ParseInstant(since, now, "since");
        if (!start.IsOk)
            return Problems.From(start.Error);
        if (start.Value >= end.Value)
            return Problems.From(GantryError.Invalid("since must be before until"));
        var stepMs = StepOf(step, start.Value, end.Value);
        if (!stepMs.IsOk)
            return Problems.From(stepMs.Error);

        var sinceMs = start.Value.ToUnixTimeMilliseconds();
        var untilMs = end.Value.ToUnixTimeMilliseconds() + 1;
        var series = await telemetry.QueryAsync(node, gpu, null, sinceMs, untilMs, stepMs.Value, cancellationToken);
        return TypedResults.Ok(new GpuTelemetryResponse(start.Value, end.Value, stepMs.Value / 1000.0, series));
    }

    private static async Task<Results<Ok<JobGpuUsageView>, ProblemHttpResult>> JobGpuAsync(
        long id, string? step, Caller caller, JobService jobs, TelemetryStore telemetry, JobMetricsStore metrics, MetadataStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var job = await jobs.GetRecordAsync(caller, id, cancellationToken);
        if (!job.IsOk)
            return Problems.From(job.Error);

        long? first;
        long? last;
        await using (var db = store.CreateContext())
        {
            var rows = db.Set<GpuTelemetryRecord>().AsNoTracking().Where(t => t.JobId == id);
            first = await rows.MinAsync(t => (long?)t.AtMs, cancellationToken);
            last = await rows.MaxAsync(t => (long?)t.AtMs, cancellationToken);
        }

        var now = time.GetUtcNow();
        var usage = JobMetricsStore.UsageView(await metrics.UsageAsync(id, cancellationToken), now.ToUnixTimeMilliseconds());
        if (first is not { } from || last is not { } to)
            return TypedResults.Ok(new JobGpuUsageView(id, usage.GpuHours, null, 0, []));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(from);
        var end = DateTimeOffset.FromUnixTimeMilliseconds(to + 1);
        var stepMs = StepOf(step, start, end);
        if (!stepMs.IsOk)
            return Problems.From(stepMs.Error);
        var series = await telemetry.QueryAsync(null, null, id, from, to + 1, stepMs.Value, cancellationToken);
        var average = await telemetry.AverageUtilizationAsync(id, cancellationToken);
        return TypedResults.Ok(new JobGpuUsageView(id, usage.GpuHours, average, stepMs.Value / 1000.0, series));
    }

    private static async Task<Results<Ok<JobMetricsView>, ProblemHttpResult>> JobMetricsAsync(
        long id, string? key, int? limit, Caller caller, JobService jobs, JobMetricsStore metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var job = await jobs.GetRecordAsync(caller, id, cancellationToken);
        if (!job.IsOk)
            return Problems.From(job.Error);
        if (key is not null && !JobMetricLineParser.IsValidKey(key))
            return Problems.From(GantryError.Invalid($"key '{key}' is not a metric name (1-64 of letters, digits and _ . - /)"));
        var size = limit ?? 10_000;
        if (size is < 1 or > 100_000)
            return Problems.From(GantryError.Invalid("limit must be between 1 and 100000"));
        return TypedResults.Ok(await metrics.ReadAsync(id, key, size, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken));
    }

    private static async Task<Results<Ok<JobMetricsReport>, ProblemHttpResult>> ReportMetricsAsync(
        long id, HttpRequest request, Caller caller, JobMetricsStore metrics, MetadataWriter writer, GantryMetrics gantryMetrics,
        IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, server.Value.MaxRequestBytes, cancellationToken);
        if (!text.IsOk)
            return Problems.From(text.Error);
        var parsed = ParseReport(text.Value);
        if (!parsed.IsOk)
            return Problems.From(parsed.Error);
        var (lines, skipped) = parsed.Value;

        var outcome = await writer.WriteAsync(scope =>
        {
            var job = scope.Db.Jobs.Find(id);
            if (job is null || !caller.CanSee(job.Project))
            {
                scope.Audit(caller.User, "job.metrics", $"job/{id}", "not_found");
                return Outcome<JobMetricsReport>.Fail(GantryError.NotFound($"job {id} not found"));
            }

            if (ProjectAccess.Require(caller, job.Project, Role.Member, "reporting job metrics") is { } denied)
            {
                scope.Audit(caller.User, "job.metrics", $"job/{id}", "denied", denied.Message);
                return Outcome<JobMetricsReport>.Fail(denied);
            }

            var stored = metrics.Ingest(scope, [new JobMetricsBatch(id, lines, skipped, null)]);
            var accepted = stored.GetValueOrDefault(id);
            scope.Audit(caller.User, "job.metrics", $"job/{id}", "ok", $"{accepted} values, {skipped} lines skipped");
            scope.AfterCommit(() => gantryMetrics.MetricPoints(accepted, skipped));
            return new JobMetricsReport(accepted, skipped);
        }, cancellationToken);
        return outcome.ToOk();
    }

    /// <summary>A report is one JSON object shaped like a metrics-file line, or an array of them.</summary>
    private static Outcome<(IReadOnlyList<JobMetricLine> Lines, int Skipped)> ParseReport(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            return GantryError.Invalid("invalid JSON: " + ex.Message);
        }

        using (document)
        {
            var elements = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.EnumerateArray().ToArray(),
                JsonValueKind.Object => [document.RootElement],
                _ => null,
            };
            if (elements is null)
                return GantryError.Invalid("the body must be a JSON object such as {\"step\": 1, \"loss\": 0.5}, or an array of them");
            var lines = new List<JobMetricLine>();
            var skipped = 0;
            foreach (var element in elements)
            {
                if (JobMetricLineParser.Parse(Encoding.UTF8.GetBytes(element.GetRawText())) is { } line)
                    lines.Add(line);
                else
                    skipped++;
            }

            return (lines, skipped);
        }
    }

    /// <summary>A duration back from now ("15m", "2h", "7d") or a timestamp (RFC 3339, or Unix seconds).</summary>
    private static Outcome<DateTimeOffset> ParseInstant(string text, DateTimeOffset now, string what)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            && text.Contains('-', StringComparison.Ordinal))
            return instant;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) && unix > 100_000_000)
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        var duration = DurationText.Parse(text, what);
        if (!duration.IsOk)
            return GantryError.Invalid($"{what} '{text}' is neither a duration (15m, 2h, 7d) nor a timestamp (2025-01-31T12:00:00Z)");
        return now - duration.Value;
    }

    private static Outcome<long> StepOf(string? text, DateTimeOffset start, DateTimeOffset end)
    {
        var rangeMs = Math.Max(1, (end - start).Ticks / TimeSpan.TicksPerMillisecond);
        if (text is null)
            return Math.Max(1000, (long)Math.Ceiling(rangeMs / (double)DefaultPoints / 1000.0) * 1000);
        var step = DurationText.Parse(text, "step");
        if (!step.IsOk)
            return step.Error;
        var stepMs = (long)step.Value.TotalMilliseconds;
        if (stepMs < 1000)
            return GantryError.Invalid("step must be at least 1s");
        if (rangeMs / stepMs > MaxPoints)
            return GantryError.Invalid($"{rangeMs / stepMs} steps are too many (at most {MaxPoints}): widen the step or narrow the range");
        return stepMs;
    }
}
