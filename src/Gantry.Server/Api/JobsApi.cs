using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Gantry.Server.Hosting;
using Gantry.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Api;

internal static class JobsApi
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/v1/jobs").WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync).WithName("SubmitJob").WithSummary("Submit a job or a job array (JSON or YAML spec)")
            .Accepts<JobSpec>("application/json", "application/yaml");
        jobs.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("List jobs, newest first, with filters and a cursor");
        jobs.MapGet("/{id:long}", GetAsync).WithName("GetJob").WithSummary("One job");
        jobs.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelJob").WithSummary("Cancel a queued or running job");
        jobs.MapGet("/{id:long}/wait", WaitAsync).WithName("WaitJob").WithSummary("Wait until the job ends or the timeout passes");
        jobs.MapGet("/{id:long}/logs", JobLogs.StreamAsync).WithName("JobLogs").WithSummary("The job's stdout or stderr, followed while it runs");
        return routes;
    }

    private static async Task<Results<Created<SubmitResponse>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, Caller caller, JobService service, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, options.Value.MaxRequestBytes, cancellationToken);
        if (!text.IsOk)
            return Problems.From(text.Error);
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var spec = mediaType is "application/yaml" or "application/x-yaml" or "text/yaml"
            ? JobSpecYaml.Parse(text.Value)
            : RequestBody.ParseJson<JobSpec>(text.Value);
        if (!spec.IsOk)
            return Problems.From(spec.Error);
        var result = await service.SubmitAsync(caller, spec.Value, cancellationToken);
        return result.ToCreated(r => $"/api/v1/jobs/{r.JobIds[0]}");
    }

    private static async Task<Results<Ok<Page<JobView>>, ProblemHttpResult>> ListAsync(
        Caller caller,
        JobService service,
        string? project,
        string? state,
        string? user,
        string? name,
        long? arrayId,
        int? limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        JobState? parsedState = null;
        if (state is not null)
        {
            if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var s) || int.TryParse(state, out _))
                return Problems.From(GantryError.Invalid($"state '{state}' is not one of queued, running, succeeded, failed, cancelled, preempted"));
            parsedState = s;
        }

        var size = limit ?? 50;
        if (size is < 1 or > 1000)
            return Problems.From(GantryError.Invalid("limit must be between 1 and 1000"));
        long? after = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, out var c))
                return Problems.From(GantryError.Invalid($"cursor '{cursor}' is not one this server gave out"));
            after = c;
        }

        var page = await service.ListAsync(caller, new JobQuery(project, parsedState, user, name, arrayId, size, after), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetAsync(long id, Caller caller, JobService service, CancellationToken cancellationToken) =>
        (await service.GetAsync(caller, id, cancellationToken)).ToOk();

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> CancelAsync(long id, Caller caller, JobService service, CancellationToken cancellationToken) =>
        (await service.CancelAsync(caller, id, cancellationToken)).ToOk();

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> WaitAsync(
        long id, string? timeout, Caller caller, JobService service, TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(30);
        if (timeout is not null)
        {
            var parsed = DurationText.Parse(timeout, "timeout");
            if (!parsed.IsOk)
                return Problems.From(parsed.Error);
            wait = parsed.Value > MaxWait ? MaxWait : parsed.Value;
        }

        return (await service.WaitAsync(caller, id, wait, time, cancellationToken)).ToOk();
    }
}
