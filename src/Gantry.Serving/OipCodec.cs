using System.Buffers;
using Gantry.Core;
using Gantry.Serving.Oip;

namespace Gantry.Serving;

/// <summary>
/// Reads and writes Open Inference Protocol (KServe V2) inference bodies: JSON tensors flat or nested, every
/// datatype, and the binary tensor extension (<c>Inference-Header-Content-Length</c>).
/// </summary>
public static class OipCodec
{
    /// <summary>
    /// Parses an infer request. <paramref name="jsonLength"/> is the <c>Inference-Header-Content-Length</c>
    /// header when present (the JSON is followed by binary tensor data), else null (the body is all JSON).
    /// Malformed JSON, unknown datatypes, data that does not match its shape, NaN/Infinity where the datatype
    /// cannot hold them: an Invalid error with a sentence naming the tensor.
    /// </summary>
    public static Outcome<InferRequest> ParseRequest(ReadOnlyMemory<byte> body, int? jsonLength) =>
        RequestReader.Parse(body, jsonLength);

    /// <summary>Checks inputs against the model's signature (names, datatypes, ranks, fixed dimensions, required inputs) and requested outputs against its outputs.</summary>
    public static GantryError? Validate(InferRequest request, ModelSignature signature) =>
        Validation.Check(request, signature);

    /// <summary>
    /// Writes the response body. Returns the JSON part's length when some outputs are sent as binary data
    /// (the caller puts it in <c>Inference-Header-Content-Length</c>), else null.
    /// </summary>
    public static int? WriteResponse(IBufferWriter<byte> output, InferResponse response, InferRequest request) =>
        ResponseWriter.Write(output, response, request);
}
