namespace Gantry.Serving;

/// <summary>
/// A named tensor: its datatype, its shape and its elements in row-major order. <see cref="Data"/> is a typed
/// array matching <see cref="Datatype"/>: bool[], byte[], ushort[], uint[], ulong[], sbyte[], short[], int[],
/// long[], Half[], ushort[] (BF16 bits), float[], double[], or byte[][] for BYTES.
/// </summary>
public sealed record Tensor(string Name, TensorType Datatype, long[] Shape, Array Data);

/// <summary>The declared form of a model input or output; -1 in <see cref="Shape"/> is a dimension of any size.</summary>
public sealed record TensorSpec(string Name, TensorType Datatype, IReadOnlyList<long> Shape);

/// <summary>What a model takes and gives, read from the model file.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
