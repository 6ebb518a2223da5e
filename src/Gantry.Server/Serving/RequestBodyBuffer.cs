using System.Buffers;
using Gantry.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Server.Serving;

/// <summary>Reads an inference body into one array rented from the pool, within a size limit; the caller returns the array.</summary>
internal static class RequestBodyBuffer
{
    public static async ValueTask<Outcome<(byte[] Buffer, int Length)>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            return GantryError.TooLarge($"the request body is {request.ContentLength} bytes; the limit is {limit} (Serving:MaxRequestBytes)");
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = limit;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                        break;
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                    break;
                length += read;
                if (length > limit)
                    break;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            length = (int)Math.Min(int.MaxValue, limit + 1);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return GantryError.TooLarge($"the request body is over the limit of {limit} bytes (Serving:MaxRequestBytes)");
        }

        if (length == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return GantryError.Invalid("the request body is empty");
        }

        return (buffer, length);
    }
}
