using System.Text;
using System.Text.Json;
using Gantry.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Server.Api;

/// <summary>Reads request bodies with a size limit and turns parse errors into clear messages.</summary>
internal static class RequestBody
{
    public static async Task<Outcome<string>> ReadTextAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            return GantryError.TooLarge($"the body is {request.ContentLength} bytes; the limit is {limit}");
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = limit;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                    return GantryError.TooLarge($"the body is over the limit of {limit} bytes");
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return GantryError.TooLarge($"the body is over the limit of {limit} bytes");
        }

        if (buffer.Length == 0)
            return GantryError.Invalid("the request body is empty");
        try
        {
            return new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return GantryError.Invalid("the request body is not valid UTF-8");
        }
    }

    public static async Task<Outcome<T>> ReadJsonAsync<T>(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(request, limit, cancellationToken);
        return text.IsOk ? ParseJson<T>(text.Value) : text.Error;
    }

    public static Outcome<T> ParseJson<T>(string text)
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(text, GantryJson.Options);
            return value is null ? GantryError.Invalid("the request body is JSON null") : value;
        }
        catch (JsonException ex)
        {
            return GantryError.Invalid(Describe(ex));
        }
    }

    private static string Describe(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
            message = message[..cut];
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var start = message.IndexOf('\'', StringComparison.Ordinal);
            var end = start >= 0 ? message.IndexOf('\'', start + 1) : -1;
            message = end > start ? $"unknown field '{message[(start + 1)..end]}'" : "unknown field";
        }

        return $"invalid JSON{where}: {message}";
    }
}
