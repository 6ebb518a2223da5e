namespace Gantry.Planning.Catalogs;

/// <summary>A default figure the cost and sizing models use, with where it comes from.</summary>
public sealed record SourcedValue(double Value, string Source);
