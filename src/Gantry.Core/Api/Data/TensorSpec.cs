namespace Gantry.Core.Api.Data;

/// <summary>One input or output of a model: its name, element type (float32, int64, …) and shape; a dimension is a number, a symbolic name such as <c>N</c>, or <c>?</c>.</summary>
public sealed record TensorSpec(string Name, string ElementType, IReadOnlyList<string> Shape)
{
    /// <summary>The spec as people read it: <c>x float32 [N,64]</c>.</summary>
    public override string ToString() => $"{Name} {ElementType} [{string.Join(',', Shape)}]";
}
