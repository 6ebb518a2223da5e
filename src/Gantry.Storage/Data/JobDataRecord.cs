namespace Gantry.Storage.Data;

/// <summary>
/// One input or output of a job, as resolved at submission: an input names the exact dataset version; an
/// output names the dataset or model that gets a version when the job succeeds, and records which version it
/// became. The key is (JobId, Kind, Position).
/// </summary>
public sealed class JobDataRecord
{
    /// <summary>The value of <see cref="Kind"/> for an input.</summary>
    public const string Input = "input";

    /// <summary>The value of <see cref="Kind"/> for an output.</summary>
    public const string Output = "output";

    public long JobId { get; set; }

    public required string Kind { get; set; }

    public int Position { get; set; }

    public string? Dataset { get; set; }

    public int? Version { get; set; }

    public string? Model { get; set; }

    /// <summary>Under the working directory (inputs) or under $GANTRY_OUTPUT (outputs).</summary>
    public string? Path { get; set; }

    /// <summary>For an output: the version it became once registered.</summary>
    public int? ResultVersion { get; set; }
}
