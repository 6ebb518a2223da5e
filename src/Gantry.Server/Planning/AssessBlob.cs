using System.Globalization;
using Gantry.Core;

namespace Gantry.Server.Planning;

/// <summary>The bytes <c>GET /api/v1/assess/blob</c> sends so a client can time its download from the server.</summary>
internal static class AssessBlob
{
    /// <summary>The most one request may ask for: 1 GiB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Sent when the request names no size: 64 MiB.</summary>
    public const long DefaultBytes = 64L << 20;

    // One block of pseudo-random bytes, sent over and over: incompressible to anything on the path, and the
    // server's speed is then its network's, not its random-number generator's.
    private static readonly Lazy<byte[]> Block = new(() =>
    {
        var block = new byte[4 << 20];
        new Random(20_260_301).NextBytes(block);
        return block;
    });

    public static Outcome<long> ParseSize(string? text)
    {
        if (text is null)
            return DefaultBytes;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bytes))
            return GantryError.Invalid($"bytes '{text}' is not a whole number");
        if (bytes < 0)
            return GantryError.Invalid($"bytes must not be negative (got {bytes})");
        return bytes <= MaxBytes ? bytes : GantryError.Invalid($"bytes must be at most {MaxBytes} (1 GiB; got {bytes})");
    }

    public static async Task WriteAsync(Stream body, long bytes, CancellationToken cancellationToken)
    {
        var block = Block.Value;
        for (var left = bytes; left > 0;)
        {
            var n = (int)Math.Min(block.Length, left);
            await body.WriteAsync(block.AsMemory(0, n), cancellationToken);
            left -= n;
        }
    }
}
