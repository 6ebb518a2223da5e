using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gantry.Core.Jobs;

/// <summary>Accepts a quantity as a string ("4Gi") or a JSON number of bytes.</summary>
public sealed class QuantityJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var n)
                ? n.ToString(CultureInfo.InvariantCulture)
                : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
            _ => throw new JsonException("memory must be a quantity such as \"4Gi\" or a number of bytes"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
