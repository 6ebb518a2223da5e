namespace Gantry.Serving;

/// <summary>The protocol's datatype names ("FP32", "INT64", "BYTES", ...) and element sizes.</summary>
public static class TensorTypes
{
    public static string ToOip(TensorType type) => throw new NotImplementedException();

    public static bool TryParseOip(string name, out TensorType type) => throw new NotImplementedException();
}
