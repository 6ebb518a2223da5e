using System.Text.Json;
using Gantry.Core;

namespace Gantry.Cli.Output;

/// <summary><c>--json</c> output: the API's own JSON shape, indented, one document per command.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new(GantryJson.Options) { WriteIndented = true };

    public static async Task WriteAsync<T>(TextWriter writer, T value, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(JsonSerializer.Serialize(value, Indented).AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }
}
