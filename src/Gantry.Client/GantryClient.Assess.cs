using Gantry.Core.Api;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>GPU allocation over the last <paramref name="days"/> days from the server's job records, with right-sizing advice.</summary>
    public Task<AllocationHistoryView> GetAllocationHistoryAsync(int days = 30, CancellationToken cancellationToken = default) =>
        GetAsync<AllocationHistoryView>(new QueryString("api/v1/assess/history").Add("days", days).ToString(), cancellationToken);

    /// <summary>
    /// Downloads <paramref name="bytes"/> pseudo-random bytes from the server and discards them, for timing the
    /// network between here and the server; returns the bytes received. No request timeout: the caller's token bounds it.
    /// </summary>
    public async Task<long> DownloadAssessBlobAsync(long bytes, CancellationToken cancellationToken = default)
    {
        var path = new QueryString("api/v1/assess/blob").Add("bytes", bytes).ToString();
        using var response = await SendRawAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 20];
        long received = 0;
        int read;
        try
        {
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                received += read;
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        catch (IOException ex)
        {
            throw new GantryConnectionException($"the download from the Gantry server at {AddressText} broke off: {ex.Message}", ex);
        }

        return received;
    }
}
