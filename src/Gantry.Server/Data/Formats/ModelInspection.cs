using Gantry.Core.Api.Data;

namespace Gantry.Server.Data.Formats;

/// <summary>What the bytes of a model file say: its format, whether loading it could run code, its signature and details.</summary>
internal sealed record ModelInspection(ModelFormat Format, bool Unsafe, ModelSignature? Signature, IReadOnlyDictionary<string, string> Details);
