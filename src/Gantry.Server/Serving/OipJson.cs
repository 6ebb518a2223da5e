using System.Text.Json;
using Gantry.Serving;

namespace Gantry.Server.Serving;

/// <summary>The small JSON answers of the Open Inference Protocol: errors, server and model metadata.</summary>
internal static class OipJson
{
    public static async Task WriteErrorAsync(HttpContext context, int status, string message, int? retryAfterSeconds = null)
    {
        var response = context.Response;
        if (response.HasStarted)
            return;
        response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        });
    }

    public static Task WriteServerMetadataAsync(HttpContext context, string version) =>
        WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("name", "gantry");
            writer.WriteString("version", version);
            writer.WriteStartArray("extensions");
            writer.WriteStringValue("binary_tensor_data");
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    public static Task WriteModelMetadataAsync(HttpContext context, string name, string version, Gantry.Serving.ModelSignature signature) =>
        WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteStartArray("versions");
            writer.WriteStringValue(version);
            writer.WriteEndArray();
            writer.WriteString("platform", "onnx_onnxv1");
            Tensors(writer, "inputs", signature.Inputs);
            Tensors(writer, "outputs", signature.Outputs);
            writer.WriteEndObject();
        });

    private static void Tensors(Utf8JsonWriter writer, string property, IReadOnlyList<Gantry.Serving.TensorSpec> tensors)
    {
        writer.WriteStartArray(property);
        foreach (var tensor in tensors)
        {
            writer.WriteStartObject();
            writer.WriteString("name", tensor.Name);
            writer.WriteString("datatype", TensorTypes.ToOip(tensor.Datatype));
            writer.WriteStartArray("shape");
            foreach (var dim in tensor.Shape)
                writer.WriteNumberValue(dim);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledBufferWriter(256);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
