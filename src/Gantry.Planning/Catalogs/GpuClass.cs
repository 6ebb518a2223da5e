namespace Gantry.Planning.Catalogs;

/// <summary>A family of GPUs sharing one default model-FLOPs utilisation, and whether published runs calibrated it.</summary>
public sealed record GpuClass(string Name, double DefaultMfu, bool Calibrated, string Source);
