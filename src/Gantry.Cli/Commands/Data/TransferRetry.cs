using System.Net;
using Gantry.Client;

namespace Gantry.Cli.Commands.Data;

/// <summary>
/// Retries a transfer step that failed transiently (the connection, a 5xx) with exponential backoff; a refusal (4xx)
/// or data the server reports unreadable fails at once.
/// </summary>
internal sealed class TransferRetry(int maxAttempts, TimeProvider time)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step(cancellationToken);
            }
            catch (Exception e) when (attempt < maxAttempts && IsTransient(e))
            {
                await Task.Delay(FirstBackoff * Math.Pow(2, attempt - 1), time, cancellationToken);
            }
            catch (Exception e) when (IsTransient(e))
            {
                throw new CliException($"{what}: gave up after {maxAttempts} attempts: {e.Message}");
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        GantryConnectionException => true,
        GantryApiException api => (int)api.StatusCode >= 500 && api.Title != "Stored data unreadable" && api.StatusCode != HttpStatusCode.NotImplemented,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
