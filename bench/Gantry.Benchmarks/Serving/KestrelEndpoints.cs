using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Gantry.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gantry.Benchmarks.Serving;

/// <summary>
/// Bare Kestrel on 127.0.0.1:0 in this process. <c>/bare</c>: the HTTP/JSON limit, it reads the body, walks every
/// JSON token and answers fixed bytes of the size a real answer has, no inference. <c>/runtime</c>: the serving
/// runtime alone behind the same Kestrel: OipCodec parse, ModelDeployment (queue, batcher, ONNX Runtime), OipCodec write,
/// framed as the server frames it (Content-Length).
/// </summary>
internal sealed class KestrelEndpoints : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelEndpoints(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    /// <summary>The size of the bare endpoint's answer.</summary>
    public int BareResponseBytes { get; private init; }

    /// <summary>Starts the endpoints with the bare side answering exactly what <paramref name="deployment"/> answers to <paramref name="body"/>.</summary>
    public static async Task<KestrelEndpoints> StartLikeAsync(ModelDeployment deployment, byte[] body)
    {
        var sample = OipCodec.ParseRequest(body, null).Value!;
        var response = (await deployment.InferAsync(sample, TimeProvider.System.GetUtcNow().AddSeconds(30), CancellationToken.None)).Value!;
        var responseBytes = new ArrayBufferWriter<byte>();
        OipCodec.WriteResponse(responseBytes, response, sample);
        return await StartAsync(responseBytes.WrittenSpan.ToArray(), deployment);
    }

    public static async Task<KestrelEndpoints> StartAsync(byte[] bareResponse, ModelDeployment deployment)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/bare", async context =>
        {
            var (buffer, length) = await ReadBodyAsync(context.Request.BodyReader);
            try
            {
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
                while (reader.Read())
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bareResponse.Length;
            await context.Response.BodyWriter.WriteAsync(bareResponse);
        });
        app.MapPost("/runtime", async context =>
        {
            var (buffer, length) = await ReadBodyAsync(context.Request.BodyReader);
            InferRequest request;
            try
            {
                var parsed = OipCodec.ParseRequest(buffer.AsMemory(0, length), null);
                request = parsed.Value ?? throw new InvalidOperationException(parsed.Error!.Message);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            var outcome = await deployment.InferAsync(request, TimeProvider.System.GetUtcNow().AddSeconds(30), context.RequestAborted);
            if (!outcome.IsOk)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync(outcome.Error.Message);
                return;
            }
            // As the server answers: written whole first, so that the answer carries a Content-Length.
            using var answer = new Gantry.Server.Serving.PooledBufferWriter(4096);
            OipCodec.WriteResponse(answer, outcome.Value, request);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = answer.WrittenCount;
            await context.Response.BodyWriter.WriteAsync(answer.WrittenMemory);
        });
        await app.StartAsync();
        return new KestrelEndpoints(app) { BareResponseBytes = bareResponse.Length };
    }

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var length = (int)result.Buffer.Length;
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                result.Buffer.CopyTo(buffer);
                reader.AdvanceTo(result.Buffer.End);
                return (buffer, length);
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
