using System.Text.Json.Serialization;

namespace Gantry.Core.Jobs;

/// <summary>What one job asks for, as written by a user.</summary>
public sealed record ResourceSpec
{
    public int? Gpus { get; init; }

    public string? GpuType { get; init; }

    public double? Cpus { get; init; }

    /// <summary>Bytes as a quantity: 512Mi, 4Gi, or a plain number of bytes.</summary>
    [JsonConverter(typeof(QuantityJsonConverter))]
    public string? Memory { get; init; }

    public int? Nodes { get; init; }

    /// <summary>A share of one GPU, above 0 and below 1 (0.25 = a quarter); needs gpus 1 (the default when set).</summary>
    public double? GpuFraction { get; init; }
}
