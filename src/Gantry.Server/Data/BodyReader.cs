using System.Buffers;
using Gantry.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Server.Data;

/// <summary>Reads a binary request body whole, up to a limit, into a pooled buffer (return it with <see cref="Return"/>).</summary>
internal static class BodyReader
{
    public static async Task<Outcome<(byte[] Buffer, int Length)>> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            return GantryError.TooLarge($"the body is {request.ContentLength} bytes; the limit is {limit}");
        AllowBody(request, limit);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, request.ContentLength is { } known ? known + 1 : 1 << 20));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                        break;
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                    break;
                length += read;
            }
        }
        catch (BadHttpRequestException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? GantryError.TooLarge($"the body is over the limit of {limit} bytes")
                : GantryError.Invalid($"the body could not be read whole: {e.Message}");
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return GantryError.TooLarge($"the body is over the limit of {limit} bytes");
        }

        return (buffer, length);
    }

    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>Raises Kestrel's body limit for this request (the server-wide one is small).</summary>
    public static void AllowBody(HttpRequest request, long limit)
    {
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = limit;
    }
}
