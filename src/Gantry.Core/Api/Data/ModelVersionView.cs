namespace Gantry.Core.Api.Data;

/// <summary>
/// One model version: the file's detected format, its pinned SHA-256, the ONNX signature, metrics, stage and
/// lineage (the job that produced it and the dataset versions that job read, as <c>name@version</c>).
/// <see cref="Unsafe"/> is true for formats that run code when loaded (Python pickle); Gantry never loads them.
/// </summary>
public sealed record ModelVersionView(
    string Model,
    string Project,
    int Version,
    ModelFormat Format,
    string Sha256,
    long SizeBytes,
    string FileName,
    bool Unsafe,
    ModelSignature? Signature,
    IReadOnlyDictionary<string, string> Details,
    IReadOnlyDictionary<string, double> Metrics,
    ModelStage Stage,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    JobRef? Job,
    IReadOnlyList<string> Inputs);
