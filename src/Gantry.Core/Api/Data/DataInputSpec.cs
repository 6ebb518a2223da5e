namespace Gantry.Core.Api.Data;

/// <summary>
/// A dataset version a job reads: <c>{dataset: corpus@3, path: data}</c>. Without a version the latest one at
/// submission is used; without a path the dataset's name. It appears read-only under the job's working directory.
/// </summary>
public sealed record DataInputSpec
{
    /// <summary>Gets the dataset and optional version, <c>NAME</c> or <c>NAME@N</c>.</summary>
    public string? Dataset { get; init; }

    /// <summary>Gets where the files appear, relative to the job's working directory.</summary>
    public string? Path { get; init; }
}
