namespace Gantry.Storage.Telemetry;

/// <summary>What was last learned about a GPU that reported telemetry: its UUID and model, by node and index.</summary>
public sealed class GpuInfoRecord
{
    public required string Node { get; set; }

    public int Gpu { get; set; }

    public string? Uuid { get; set; }

    public string? Model { get; set; }

    public long LastSeenMs { get; set; }
}
