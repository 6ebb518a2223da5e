using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Hardware;

namespace Gantry.Execution.Discovery;

/// <summary>
/// Parses <c>rocm-smi --showproductname --showmeminfo vram --showuniqueid --json</c>: one object per
/// <c>cardN</c>, with keys whose capitalisation changed between ROCm releases.
/// </summary>
internal static class RocmSmiParser
{
    public static readonly IReadOnlyList<string> Arguments =
        ["--showproductname", "--showmeminfo", "vram", "--showuniqueid", "--showbus", "--json"];

    public static Outcome<IReadOnlyList<AcceleratorDevice>> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return GantryError.Invalid($"not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return GantryError.Invalid("the top level is not an object");
            var devices = new List<AcceleratorDevice>();
            foreach (var card in document.RootElement.EnumerateObject())
            {
                if (!card.Name.StartsWith("card", StringComparison.OrdinalIgnoreCase)
                    || !int.TryParse(card.Name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || card.Value.ValueKind != JsonValueKind.Object)
                    continue;
                var fields = card.Value.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First().Value.GetString()!.Trim(), StringComparer.OrdinalIgnoreCase);
                var model = First(fields, "Card Series", "Marketing Name", "Card SKU", "Card Model") ?? "AMD GPU";
                var uuid = First(fields, "Unique ID", "GUID") ?? $"amd-{card.Name}";
                var memory = First(fields, "VRAM Total Memory (B)") is { } text
                    && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                    ? bytes
                    : 0;
                var bus = First(fields, "PCI Bus");
                devices.Add(new AcceleratorDevice(index, "amd", uuid, model, memory, bus));
            }

            devices.Sort((a, b) => a.Index.CompareTo(b.Index));
            return devices;
        }
    }

    private static string? First(Dictionary<string, string> fields, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (fields.TryGetValue(key, out var value) && value.Length > 0 && value != "N/A" && !IsBareHex(value))
                return value;
        }

        return null;
    }

    // "Card Model" is often only a PCI device id such as 0x74a1: not a name anyone matches a gpu_type against.
    private static bool IsBareHex(string value) =>
        value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && value.Length <= 6;
}
