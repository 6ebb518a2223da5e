using System.Buffers;
using System.Globalization;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Server.Auth;
using Gantry.Serving;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

/// <summary>
/// The Open Inference Protocol's model endpoints. The infer path touches no database: the deployment comes from the
/// manager's dictionary and the caller from the token cache; the body is read into one pooled array; the answer is
/// written whole into another and sent with its Content-Length.
/// </summary>
internal sealed class InferenceHandler(DeploymentManager manager, TokenRateLimiter limiter, ServingMetrics metrics, ServingUsage usage, IOptions<ServingOptions> options, TimeProvider time)
{
    /// <summary>The request header carrying a deadline in milliseconds from arrival; without it the deployment's default applies.</summary>
    public const string DeadlineHeader = "Gantry-Deadline-Ms";

    public const string JsonLengthHeader = "Inference-Header-Content-Length";

    /// <summary>The first buffer an answer is written into: enough for small models' answers without growing.</summary>
    private const int ResponseBufferBytes = 4096;

    private static readonly string ServerVersion = typeof(InferenceHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static Task ServerMetadataAsync(HttpContext context) => OipJson.WriteServerMetadataAsync(context, ServerVersion);

    public Task ServerReadyAsync(HttpContext context) => manager.Ready
        ? Ok(context)
        : OipJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "not every deployment is ready yet", options.Value.RetryAfterSeconds);

    public Task MetadataAsync(HttpContext context)
    {
        var (live, error) = Find(context, infer: false);
        if (live is null)
            return Refuse(context, error!);
        var slot = live.Slot;
        if (slot is null)
            return OipJson.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, Loading(live), options.Value.RetryAfterSeconds);
        return OipJson.WriteModelMetadataAsync(context, live.Name, live.Spec.VersionText, slot.Signature);
    }

    /// <summary>Model ready: 200 when ready; the protocol says a 4xx otherwise, so 400 with the reason and a Retry-After.</summary>
    public Task ReadyAsync(HttpContext context)
    {
        var (live, error) = Find(context, infer: false);
        if (live is null)
            return Refuse(context, error!);
        if (live.Ready)
            return Ok(context);
        return OipJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, Loading(live), options.Value.RetryAfterSeconds);
    }

    public async Task InferAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var (live, error) = Find(context, infer: true);
        if (live is null)
        {
            await Refuse(context, error!);
            return;
        }

        var spec = live.Spec;
        live.LastRequest = started;
        var caller = context.Features.Get<Caller>()!;
        if (limiter.TryAcquire(caller.TokenId, spec) is { } wait)
        {
            var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
            await FailAsync(context, spec, started, StatusCodes.Status429TooManyRequests,
                $"rate limit of deployment '{spec.Name}' reached for this token ({spec.RateLimitRps ?? options.Value.RateLimit.RequestsPerSecond} requests/s); retry in {seconds} s", seconds);
            return;
        }

        int? jsonLength = null;
        if (context.Request.Headers.TryGetValue(JsonLengthHeader, out var lengthText))
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedLength))
            {
                await FailAsync(context, spec, started, StatusCodes.Status400BadRequest, $"{JsonLengthHeader} must be a byte count, not '{lengthText}'");
                return;
            }

            jsonLength = parsedLength;
        }

        var deadline = Deadline(context, spec, started);
        if (!deadline.IsOk)
        {
            await FailAsync(context, spec, started, StatusCodes.Status400BadRequest, deadline.Error.Message);
            return;
        }

        var body = await RequestBodyBuffer.ReadAsync(context.Request, options.Value.MaxRequestBytes, context.RequestAborted);
        if (!body.IsOk)
        {
            await FailAsync(context, spec, started, Status(body.Error.Kind), body.Error.Message);
            return;
        }

        var (buffer, length) = body.Value;
        try
        {
            if (jsonLength > length)
            {
                await FailAsync(context, spec, started, StatusCodes.Status400BadRequest, $"{JsonLengthHeader} is {jsonLength} but the body has only {length} bytes");
                return;
            }

            var parsed = OipCodec.ParseRequest(buffer.AsMemory(0, length), jsonLength);
            if (!parsed.IsOk)
            {
                await FailAsync(context, spec, started, StatusCodes.Status400BadRequest, parsed.Error.Message);
                return;
            }

            await RunAsync(context, live, spec, parsed.Value, deadline.Value, started, caller);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task RunAsync(HttpContext context, LiveDeployment live, DeploymentSpec spec, InferRequest request, DateTimeOffset deadline, long started, Caller caller)
    {
        var rows = request.Inputs.Count > 0 && request.Inputs[0].Shape.Length > 0 ? Math.Max(1, request.Inputs[0].Shape[0]) : 1;
        while (true)
        {
            var slot = live.Slot;
            if (slot is null)
            {
                await FailAsync(context, spec, started, StatusCodes.Status503ServiceUnavailable, Loading(live), options.Value.RetryAfterSeconds);
                return;
            }

            if (OipCodec.Validate(request, slot.Signature) is { } invalid)
            {
                await FailAsync(context, spec, started, Status(invalid.Kind), invalid.Message);
                return;
            }

            if (slot.Model.Replicas == 0)
            {
                manager.Wake(live);
                await FailAsync(context, spec, started, StatusCodes.Status503ServiceUnavailable,
                    $"deployment '{spec.Name}' is scaling from zero; retry in {options.Value.RetryAfterSeconds} s", options.Value.RetryAfterSeconds);
                return;
            }

            if (!limiter.TryCharge(caller.TokenId, spec, rows, out var quota))
            {
                await FailAsync(context, spec, started, StatusCodes.Status429TooManyRequests,
                    $"this token has used its prediction quota on deployment '{spec.Name}' ({quota} predictions)");
                return;
            }

            if (!slot.TryEnter())
                continue; // A rolling swap retired this slot a moment ago: take the new one.
            Outcome<InferResponse> result;
            try
            {
                result = await slot.Model.InferAsync(request, deadline, context.RequestAborted);
            }
            finally
            {
                slot.Exit();
            }

            if (!result.IsOk)
            {
                var status = Status(result.Error.Kind);
                int? retry = status switch
                {
                    StatusCodes.Status429TooManyRequests => 1,
                    StatusCodes.Status503ServiceUnavailable => options.Value.RetryAfterSeconds,
                    _ => null,
                };
                if (status == StatusCodes.Status503ServiceUnavailable && live.TargetReplicas == 0)
                    manager.Wake(live);
                await FailAsync(context, spec, started, status, result.Error.Message, retry);
                return;
            }

            await WriteAsync(context, request, result.Value);
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            live.Latency.Add(seconds);
            metrics.Succeeded(spec.Name, slot.Model.Version, rows, seconds);
            usage.Succeeded(spec.Name, spec.Project, int.TryParse(slot.Model.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var served) ? served : spec.Version, rows, seconds);
            return;
        }
    }

    private static async Task WriteAsync(HttpContext context, InferRequest request, InferResponse response)
    {
        // Written whole into a pooled buffer first so that the answer carries a Content-Length: streamed into the
        // response pipe it would go out chunked (more bytes, and a chunk parser on the client) for the same copy.
        var http = context.Response;
        http.StatusCode = StatusCodes.Status200OK;
        using var buffer = new PooledBufferWriter(ResponseBufferBytes);
        if (OipCodec.WriteResponse(buffer, response, request) is { } jsonLength)
        {
            http.Headers[JsonLengthHeader] = jsonLength.ToString(CultureInfo.InvariantCulture);
            http.ContentType = "application/octet-stream";
        }
        else
        {
            http.ContentType = "application/json";
        }

        http.ContentLength = buffer.WrittenCount;
        await http.BodyWriter.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private Outcome<DateTimeOffset> Deadline(HttpContext context, DeploymentSpec spec, long started)
    {
        var now = time.GetUtcNow() - time.GetElapsedTime(started);
        if (!context.Request.Headers.TryGetValue(DeadlineHeader, out var text))
            return now + spec.Settings.DefaultDeadline;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || !double.IsFinite(ms) || ms <= 0 || ms > 3_600_000)
            return GantryError.Invalid($"{DeadlineHeader} must be milliseconds above 0 and at most 3600000, not '{text}'");
        return now + TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>The deployment named in the route, if this caller may use it: the scoped deployment, or a role in its project (member to infer).</summary>
    private (LiveDeployment? Live, GantryError? Error) Find(HttpContext context, bool infer)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var caller = context.Features.Get<Caller>();
        if (caller is null)
            return (null, GantryError.Forbidden("authentication required"));
        if (!manager.TryGet(name, out var live))
            return (null, GantryError.NotFound($"model '{name}' not found"));
        if (caller.Deployment is { } scoped)
        {
            if (scoped != name)
                return (null, GantryError.NotFound($"model '{name}' not found"));
        }
        else
        {
            var role = caller.RoleIn(live.Spec.Project);
            if (role is null)
                return (null, GantryError.NotFound($"model '{name}' not found"));
            if (infer && role < Role.Member)
                return (null, GantryError.Forbidden($"inference on '{name}' needs the member role in project '{live.Spec.Project}' or a token made with `gantry token create --deployment {name}`; you are a viewer"));
        }

        if (context.Request.RouteValues.TryGetValue("version", out var version) && version is string wanted && wanted != live.Spec.VersionText)
            return (null, GantryError.NotFound($"model '{name}' has no version '{wanted}' being served (it serves version {live.Spec.VersionText})"));
        return (live, null);
    }

    private Task FailAsync(HttpContext context, DeploymentSpec spec, long started, int status, string message, int? retryAfter = null)
    {
        metrics.Failed(spec.Name, spec.VersionText, status, time.GetElapsedTime(started).TotalSeconds);
        usage.Failed(spec.Name, spec.Project, spec.Version);
        return OipJson.WriteErrorAsync(context, status, message, retryAfter);
    }

    private static Task Refuse(HttpContext context, GantryError error) =>
        OipJson.WriteErrorAsync(context, Status(error.Kind), error.Message);

    private static Task Ok(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static string Loading(LiveDeployment live) => live.Status switch
    {
        "failed" => $"deployment '{live.Name}' failed: {live.Failure}",
        "scaled_to_zero" => $"deployment '{live.Name}' is scaled to zero; an infer request starts it",
        _ => $"deployment '{live.Name}' is loading its model",
    };

    private static int Status(ErrorKind kind) => Problems.StatusOf(kind).Status;
}
