namespace Gantry.Core.Api.Data;

/// <summary>
/// The answer to posting a manifest: the upload to commit later and the chunks the server still needs.
/// Posting the same manifest again returns the same upload with what is still missing.
/// </summary>
public sealed record UploadView(
    string UploadId,
    string Target,
    string ManifestHash,
    long SizeBytes,
    int Chunks,
    IReadOnlyList<string> Missing,
    DateTimeOffset ExpiresAt);
