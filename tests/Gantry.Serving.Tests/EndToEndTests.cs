using System.Buffers;
using System.Text;

namespace Gantry.Serving.Tests;

/// <summary>Protocol bytes in, ONNX Runtime, protocol bytes out: every datatype through the real runtime.</summary>
public sealed class EndToEndTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryDatatype_ThroughIdentity_ComesBackUnchanged(bool binary)
    {
        await using var deployment = await TestKit.StartAsync(TestKit.AllTypes, TestKit.Settings());
        var source = DeploymentTests.AllTypesRequest(rows: 2);
        var body = Encode(source, binary, out var jsonLength);

        var parsed = OipCodec.ParseRequest(body, jsonLength);
        Assert.True(parsed.IsOk, parsed.Error?.Message);
        var response = TestKit.Ok(await deployment.InferAsync(parsed.Value!, TestKit.Deadline(TimeProvider.System), TestContext.Current.CancellationToken));
        var written = new ArrayBufferWriter<byte>();
        OipCodec.WriteResponse(written, response, parsed.Value!);

        foreach (var input in source.Inputs)
        {
            var output = Assert.Single(response.Outputs, o => o.Name == input.Name.Replace("_in", "_out", StringComparison.Ordinal));
            Assert.Equal(input.Datatype, output.Datatype);
            Assert.Equal(input.Shape, output.Shape);
            Assert.Equal(CodecTests.Describe(input.Data), CodecTests.Describe(output.Data));
        }
        Assert.Equal([1f, -3f, 3f, -5f], (float[])response.Outputs.Single(o => o.Name == "int64_as_fp32").Data);
        Assert.True(written.WrittenCount > 0);
    }

    /// <summary>A request body as a client writes it: JSON data, or every tensor in the binary extension.</summary>
    private static byte[] Encode(InferRequest request, bool binary, out int? jsonLength)
    {
        var json = new StringBuilder("{\"inputs\":[");
        var tail = new List<byte>();
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var tensor = request.Inputs[i];
            json.Append(i == 0 ? "" : ",").Append($"{{\"name\":\"{tensor.Name}\",\"datatype\":\"{TensorTypes.ToOip(tensor.Datatype)}\",\"shape\":[{string.Join(',', tensor.Shape)}],");
            if (binary)
            {
                var bytes = Binary(tensor);
                json.Append($"\"parameters\":{{\"binary_data_size\":{bytes.Length}}}}}");
                tail.AddRange(bytes);
            }
            else
            {
                json.Append($"\"data\":[{string.Join(',', JsonElements(tensor))}]}}");
            }
        }
        json.Append("]}");
        var head = Encoding.UTF8.GetBytes(json.ToString());
        jsonLength = binary ? head.Length : null;
        return [.. head, .. tail];
    }

    private static IEnumerable<string> JsonElements(Tensor tensor)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var value in tensor.Data)
        {
            yield return value switch
            {
                bool b => b ? "true" : "false",
                byte[] s => System.Text.Json.JsonSerializer.Serialize(Encoding.UTF8.GetString(s)),
                Half h => ((double)h).ToString("R", inv),
                ushort bits when tensor.Datatype == TensorType.Bf16 => BitConverter.UInt32BitsToSingle((uint)bits << 16).ToString("R", inv),
                float f => f.ToString("R", inv),
                double d => d.ToString("R", inv),
                _ => Convert.ToString(value, inv)!,
            };
        }
    }

    private static byte[] Binary(Tensor tensor)
    {
        if (tensor.Data is byte[][] strings)
            return [.. strings.SelectMany(s => BitConverter.GetBytes((uint)s.Length).Concat(s))];
        var size = TensorTypes.ElementSize(tensor.Datatype);
        var bytes = new byte[tensor.Data.Length * size];
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(tensor.Data), bytes.Length).CopyTo(bytes);
        return bytes;
    }
}
