using Gantry.Core;
using Gantry.Core.Jobs;
using Gantry.Execution;
using Gantry.Server.Auth;
using Gantry.Server.Jobs;

namespace Gantry.Server.Api;

/// <summary>Streams a job's log; with follow=true it keeps the response open until the job ends.</summary>
internal static class JobLogs
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task StreamAsync(
        long id,
        string? stream,
        bool? follow,
        long? offset,
        HttpContext context,
        Caller caller,
        JobService service,
        JobSupervisor supervisor,
        JobEvents events,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var which = stream?.ToLowerInvariant() switch
        {
            null or "stdout" => LogStream.Stdout,
            "stderr" => LogStream.Stderr,
            _ => (LogStream?)null,
        };
        if (which is null)
        {
            await Problems.WriteAsync(context, 400, "Invalid request", $"stream '{stream}' is not stdout or stderr");
            return;
        }

        if (offset is < 0)
        {
            await Problems.WriteAsync(context, 400, "Invalid request", "offset must not be negative");
            return;
        }

        var job = await service.GetRecordAsync(caller, id, cancellationToken);
        if (!job.IsOk)
        {
            var (status, title) = Problems.StatusOf(job.Error.Kind);
            await Problems.WriteAsync(context, status, title, job.Error.Message);
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);
        var executor = supervisor.ExecutorFor(job.Value);
        var position = offset ?? 0;
        var buffer = new byte[64 * 1024];
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = events.NextChange(id);
            var record = await service.GetRecordAsync(caller, id, cancellationToken);
            var final = !record.IsOk || record.Value.State.IsFinal() || record.Value.State == JobState.Queued && follow != true;
            position = await CopyFromAsync(executor, supervisor, record.IsOk ? record.Value : job.Value, which.Value, follow == true && !final, position, buffer, context, cancellationToken);
            if (follow != true || final)
                return;
            await Task.WhenAny(changed, Task.Delay(PollInterval, time, cancellationToken));
        }
    }

    private static async Task<long> CopyFromAsync(
        IExecutor? executor, JobSupervisor supervisor, Storage.Records.JobRecord job, LogStream which, bool follow, long position, byte[] buffer, HttpContext context, CancellationToken cancellationToken)
    {
        if (executor is null)
            return position;
        await using var log = await executor.OpenLogAsync(supervisor.LogRequestFor(job), which, follow, cancellationToken);
        if (log is null)
            return position;
        if (!log.CanSeek)
            return await CopyFromStartAsync(log, position, buffer, context, cancellationToken);
        if (log.Length <= position)
            return position;
        log.Seek(position, SeekOrigin.Begin);
        int read;
        while ((read = await log.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            position += read;
        }

        await context.Response.Body.FlushAsync(cancellationToken);
        return position;
    }

    // A log read over the network (a pod's) starts at its beginning: skip what the client has, send the rest.
    private static async Task<long> CopyFromStartAsync(Stream log, long position, byte[] buffer, HttpContext context, CancellationToken cancellationToken)
    {
        long seen = 0;
        int read;
        while ((read = await log.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var skip = (int)Math.Clamp(position - seen, 0, read);
            seen += read;
            if (read > skip)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(skip, read - skip), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }

        return Math.Max(position, seen);
    }
}
