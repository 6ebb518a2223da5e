namespace Gantry.Cli.Commands.Planning;

/// <summary>One accelerator found, and the planning-catalog GPU its model was matched to (null: not in the catalog).</summary>
internal sealed record AssessGpu(string Node, int Index, string Vendor, string Model, long MemoryBytes, bool IsGpu, string? CatalogGpu);
