using System.Net;
using System.Text.Json;

namespace Gantry.Client;

/// <summary>Turns an error response into a <see cref="GantryApiException"/> whose message a person can act on.</summary>
internal static class ProblemReader
{
    private const int MaxBodyChars = 500;

    public static async Task<GantryApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var title = response.ReasonPhrase ?? status.ToString();
        string? detail = null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) && body.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    title = Text(doc.RootElement, "title") ?? title;
                    // Problem details carry "detail"; the Open Inference Protocol's errors carry "error".
                    detail = Text(doc.RootElement, "detail") ?? Text(doc.RootElement, "error") ?? ValidationErrors(doc.RootElement);
                }
            }
            catch (JsonException)
            {
                // Not the problem document it claims to be: fall back to the text below.
            }
        }
        else if (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(body))
        {
            detail = body.Trim() is var t && t.Length > MaxBodyChars ? t[..MaxBodyChars] + "…" : t;
        }

        detail ??= Fallback(status, title);
        return new GantryApiException(status, title, detail);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    // ASP.NET's validation problems carry "errors": { field: [messages] } and no detail.
    private static string? ValidationErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
            return null;
        var messages = errors.EnumerateObject()
            .SelectMany(p => p.Value.ValueKind == JsonValueKind.Array
                ? p.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                : [])
            .ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    private static string Fallback(HttpStatusCode status, string title) => status switch
    {
        HttpStatusCode.Unauthorized =>
            "the server did not accept the token: log in with `gantry login --token TOKEN` or set GANTRY_TOKEN",
        HttpStatusCode.Forbidden => "this token is not allowed to do that",
        HttpStatusCode.NotFound => "not found",
        HttpStatusCode.TooManyRequests => "too many requests: try again shortly",
        _ => $"the server answered {(int)status} {title}",
    };
}
