using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Gantry.Server.Data.Formats;

/// <summary>
/// Confirms a safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and byte range, then the raw data. Returns tensor count, parameter count and dtypes as details.
/// </summary>
internal static class SafetensorsReader
{
    private const int MaxHeader = 100 << 20;

    public static async Task<Dictionary<string, string>?> ReadAsync(IRandomAccess source, CancellationToken cancellationToken)
    {
        var prefix = await source.ReadExactAsync(0, 8, cancellationToken);
        if (prefix is null)
            return null;
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeader || (long)headerLength > source.Length - 8)
            return null;
        var header = await source.ReadExactAsync(8, (int)headerLength, cancellationToken);
        if (header is null || header[0] != (byte)'{')
            return null;
        try
        {
            using var document = JsonDocument.Parse(header);
            var dataLength = source.Length - 8 - (long)headerLength;
            var tensors = 0;
            BigInteger parameters = 0;
            var dtypes = new SortedSet<string>(StringComparer.Ordinal);
            var details = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    if (entry.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var meta in entry.Value.EnumerateObject().Take(16))
                        {
                            if (meta.Value.ValueKind == JsonValueKind.String)
                                details["metadata." + meta.Name] = meta.Value.GetString()!;
                        }
                    }

                    continue;
                }

                var tensor = entry.Value;
                if (!tensor.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
                    || !tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
                    || !tensor.TryGetProperty("data_offsets", out var offsets) || offsets.GetArrayLength() != 2)
                    return null;
                var begin = offsets[0].GetInt64();
                var end = offsets[1].GetInt64();
                if (begin < 0 || end < begin || end > dataLength)
                    return null;
                BigInteger count = 1;
                foreach (var dim in shape.EnumerateArray())
                    count *= dim.GetInt64();
                parameters += count;
                tensors++;
                dtypes.Add(dtype.GetString()!);
            }

            details["tensors"] = tensors.ToString(CultureInfo.InvariantCulture);
            details["parameters"] = parameters.ToString(CultureInfo.InvariantCulture);
            details["dtypes"] = string.Join(',', dtypes);
            return details;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
