namespace Gantry.Planning.Calibration;

/// <summary>
/// A training run with published figures: either its total GPU-hours (end to end, restarts included) or its
/// measured model FLOPs utilisation (steady state).
/// </summary>
internal sealed record PublishedRun(
    string Name,
    string Gpu,
    string? Model,
    double Tokens,
    int SeqLen,
    double? GpuHours,
    double? ReportedMfu,
    string Source);
