using Gantry.Core;
using Gantry.Server.Data;

namespace Gantry.Server.Serving;

/// <summary>Reads an inference body into one array rented from the pool, within a size limit; the caller returns the array.</summary>
internal static class RequestBodyBuffer
{
    public static async ValueTask<Outcome<(byte[] Buffer, int Length)>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, (int)Math.Min(limit, Array.MaxLength - 1), cancellationToken);
        if (!body.IsOk)
        {
            return body.Error.Kind == ErrorKind.TooLarge
                ? GantryError.TooLarge($"the request body is over the limit of {limit} bytes (Serving:MaxRequestBytes)")
                : body.Error;
        }

        if (body.Value.Length == 0)
        {
            BodyReader.Return(body.Value.Buffer);
            return GantryError.Invalid("the request body is empty");
        }

        return body.Value;
    }
}
