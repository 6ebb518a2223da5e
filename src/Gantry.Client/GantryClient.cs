using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gantry.Core;

namespace Gantry.Client;

/// <summary>
/// A typed client for Gantry's REST API (<c>/api/v1</c>). Errors the server reports arrive as
/// <see cref="GantryApiException"/>; a server that cannot be reached as <see cref="GantryConnectionException"/>.
/// </summary>
public sealed partial class GantryClient : IDisposable
{
    // Requests are written in the API's one JSON shape; responses are read tolerating fields this
    // client does not know yet, so a newer server does not break an older CLI.
    private static readonly JsonSerializerOptions ReadOptions =
        new(GantryJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string? _token;
    private readonly TimeProvider _time;

    /// <summary>A client for the server at <paramref name="address"/> presenting <paramref name="token"/>.</summary>
    /// <param name="address">The server's base address, e.g. http://127.0.0.1:8080.</param>
    /// <param name="token">The bearer token, or null for none.</param>
    /// <param name="handler">The HTTP handler to send through (not disposed by this client); null for a new one.</param>
    /// <param name="timeProvider">The clock for waits; <see cref="TimeProvider.System"/> when null.</param>
    public GantryClient(Uri address, string? token, HttpMessageHandler? handler = null, TimeProvider? timeProvider = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = WithTrailingSlash(address);

        // Log streams and waits run long; each ordinary request gets RequestTimeout instead.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _ownsHttp = true;
        _token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A client for a resolved <see cref="ClientConnection"/>.</summary>
    public GantryClient(ClientConnection connection, HttpMessageHandler? handler = null, TimeProvider? timeProvider = null)
        : this(connection.Address, connection.Token, handler, timeProvider)
    {
    }

    /// <summary>
    /// A client over an existing <see cref="HttpClient"/> (which must have a <see cref="HttpClient.BaseAddress"/>,
    /// and which stays the caller's to dispose). Its own <see cref="HttpClient.Timeout"/> still applies.
    /// </summary>
    public GantryClient(HttpClient httpClient, string? token = null, TimeProvider? timeProvider = null)
    {
        if (httpClient.BaseAddress is null)
            throw new ArgumentException("the HttpClient needs a BaseAddress", nameof(httpClient));
        _http = httpClient;
        _ownsHttp = false;
        _token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The server's base address.</summary>
    public Uri Address => _http.BaseAddress!;

    /// <summary>How long an ordinary request may take before the server counts as unreachable.</summary>
    /// <value>The default value is 100 seconds.</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    private string AddressText => ServerAddress.Display(Address);

    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, ReadJsonAsync<T>, RequestTimeout, cancellationToken);

    private Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, ReadJsonAsync<T>, RequestTimeout, cancellationToken);

    private Task SendWithoutResultAsync(HttpMethod method, string path, CancellationToken cancellationToken) =>
        SendAsync(method, path, null, static (_, _) => Task.FromResult(true), RequestTimeout, cancellationToken);

    /// <summary>Sends one request and reads its answer within <paramref name="timeout"/>.</summary>
    private async Task<T> SendAsync<T>(
        HttpMethod method,
        string path,
        object? body,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await SendRawAsync(method, path, body, HttpCompletionOption.ResponseContentRead, deadline.Token);
            return await read(response, deadline.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GantryConnectionException(
                $"the Gantry server at {AddressText} did not answer within {Core.Text.DurationText.Format(timeout)}", ex);
        }
    }

    /// <summary>Sends a request; returns the response when it succeeded, else throws what went wrong.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, object? body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: GantryJson.Options);
        if (_token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await ProblemReader.ReadAsync(response, cancellationToken);
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(ReadOptions, cancellationToken);
            return value ?? throw new JsonException("the answer was empty");
        }
        catch (JsonException ex)
        {
            throw new GantryApiException(
                response.StatusCode,
                "Unexpected response",
                $"the server at {AddressText} did not answer like a Gantry server ({ex.Message})");
        }
    }

    private GantryConnectionException Unreachable(HttpRequestException ex)
    {
        var refused = ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
            || ex.HttpRequestError == HttpRequestError.ConnectionError;
        var message = refused
            ? $"cannot reach the Gantry server at {AddressText}: is `gantry server` running?"
            : ex.HttpRequestError == HttpRequestError.NameResolutionError
                ? $"cannot reach the Gantry server at {AddressText}: the host name is unknown"
                : $"cannot reach the Gantry server at {AddressText}: {ex.Message}";
        return new GantryConnectionException(message, ex);
    }

    private static Uri WithTrailingSlash(Uri address)
    {
        if (!address.IsAbsoluteUri)
            throw new ArgumentException("the server address must be absolute", nameof(address));
        return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }
}
