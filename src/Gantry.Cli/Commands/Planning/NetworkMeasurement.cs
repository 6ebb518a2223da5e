namespace Gantry.Cli.Commands.Planning;

/// <summary>A timed download from the Gantry server (<c>GET /api/v1/assess/blob</c>), in decimal megabytes a second.</summary>
internal sealed record NetworkMeasurement
{
    public required bool Measured { get; init; }

    public string? From { get; init; }

    public long? Bytes { get; init; }

    public double? Seconds { get; init; }

    public double? MbPerS { get; init; }

    public string? Problem { get; init; }
}
