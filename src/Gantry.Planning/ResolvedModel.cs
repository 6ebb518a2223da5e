using Gantry.Planning.Catalogs;

namespace Gantry.Planning;

/// <summary>The model a plan sizes: a catalog entry, or a bare parameter count with an inferred shape.</summary>
internal sealed record ResolvedModel(string? Name, double Params, double ActiveParams, ModelArchitecture Arch);
