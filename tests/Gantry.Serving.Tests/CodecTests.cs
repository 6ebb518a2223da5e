using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Serving.Tests;

public sealed class CodecTests
{
    private static InferRequest Parse(string json)
    {
        var outcome = OipCodec.ParseRequest(Encoding.UTF8.GetBytes(json), null);
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        return outcome.Value!;
    }

    private static GantryError ParseFails(string json, int? jsonLength = null) => ParseFails(Encoding.UTF8.GetBytes(json), jsonLength);

    private static GantryError ParseFails(byte[] body, int? jsonLength)
    {
        var outcome = OipCodec.ParseRequest(body, jsonLength);
        Assert.False(outcome.IsOk);
        Assert.Equal(ErrorKind.Invalid, outcome.Error.Kind);
        return outcome.Error;
    }

    [Fact]
    public void Parse_FlatData_WithIdParametersAndOutputs()
    {
        var request = Parse("""
            {"id":"42","parameters":{"binary_data_output":false,"other":{"x":[1]}},
             "inputs":[{"name":"x","shape":[2,2],"datatype":"FP32","data":[1,2.5,-3,4e2]}],
             "outputs":[{"name":"y","parameters":{"binary_data":true}}]}
            """);

        Assert.Equal("42", request.Id);
        var x = Assert.Single(request.Inputs);
        Assert.Equal(("x", TensorType.Fp32), (x.Name, x.Datatype));
        Assert.Equal([2L, 2], x.Shape);
        Assert.Equal([1f, 2.5f, -3f, 400f], (float[])x.Data);
        Assert.Equal([new RequestedOutput("y", true)], request.Outputs);
        Assert.False(request.BinaryDataOutput);
    }

    [Fact]
    public void Parse_NestedData_IsReadRowMajor()
    {
        var request = Parse("""{"inputs":[{"name":"x","shape":[2,3],"datatype":"INT32","data":[[1,2,3],[4,5,6]]}]}""");

        Assert.Equal([1, 2, 3, 4, 5, 6], (int[])request.Inputs[0].Data);
    }

    [Fact]
    public void Parse_DataBeforeShapeAndDatatype_IsReadToo()
    {
        var request = Parse("""{"inputs":[{"data":[[true],[false]],"name":"b","datatype":"BOOL","shape":[2,1]}]}""");

        Assert.Equal([true, false], (bool[])request.Inputs[0].Data);
    }

    [Theory]
    [InlineData("BOOL", "[true,false]", new[] { "True", "False" })]
    [InlineData("UINT8", "[0,255]", new[] { "0", "255" })]
    [InlineData("UINT16", "[0,65535]", new[] { "0", "65535" })]
    [InlineData("UINT32", "[0,4294967295]", new[] { "0", "4294967295" })]
    [InlineData("UINT64", "[0,18446744073709551615]", new[] { "0", "18446744073709551615" })]
    [InlineData("INT8", "[-128,127]", new[] { "-128", "127" })]
    [InlineData("INT16", "[-32768,32767]", new[] { "-32768", "32767" })]
    [InlineData("INT32", "[-2147483648,2147483647]", new[] { "-2147483648", "2147483647" })]
    [InlineData("INT64", "[-9223372036854775808,9223372036854775807]", new[] { "-9223372036854775808", "9223372036854775807" })]
    [InlineData("FP16", "[0.5,-2]", new[] { "0.5", "-2" })]
    [InlineData("FP32", "[0.25,\"NaN\"]", new[] { "0.25", "NaN" })]
    [InlineData("FP64", "[1e300,\"-Infinity\"]", new[] { "1E+300", "-Infinity" })]
    [InlineData("BYTES", "[\"héllo\",\"a\\\"b\\u0000\"]", new[] { "héllo", "a\"b\0" })]
    public void Parse_EveryDatatype_FromJson(string datatype, string data, string[] expected)
    {
        var request = Parse($$"""{"inputs":[{"name":"t","shape":[2],"datatype":"{{datatype}}","data":{{data}}}]}""");

        var tensor = Assert.Single(request.Inputs);
        Assert.Equal(datatype, TensorTypes.ToOip(tensor.Datatype));
        var actual = new string[tensor.Data.Length];
        for (var i = 0; i < actual.Length; i++)
        {
            var value = tensor.Data.GetValue(i);
            actual[i] = value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Parse_Bf16_RoundsTheNumberToItsTopSixteenBits()
    {
        var request = Parse("""{"inputs":[{"name":"t","shape":[3],"datatype":"BF16","data":[1,-2.5,"Infinity"]}]}""");

        Assert.Equal([(ushort)0x3F80, (ushort)0xC020, (ushort)0x7F80], (ushort[])request.Inputs[0].Data);
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","data":[1,2}]}""", "not valid JSON")]
    [InlineData("""{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","data":[1,NaN]}]}""", "input 'x'")]
    [InlineData("""{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","data":[1,Infinity]}]}""", "\"Infinity\"")]
    [InlineData("""{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","data":[1,2,3]}]}""", "input 'x': shape [2] needs 2 elements but \"data\" has 3")]
    [InlineData("""{"inputs":[{"name":"x","shape":[2,2],"datatype":"FP32","data":[[1,2],[3]]}]}""", "input 'x': shape [2,2] needs 4 elements but \"data\" has 3")]
    [InlineData("""{"inputs":[{"name":"x","shape":[-1,2],"datatype":"FP32","data":[1,2]}]}""", "input 'x': shape dimension -1 is negative")]
    [InlineData("""{"inputs":[{"name":"x","shape":[2],"datatype":"FP8","data":[1,2]}]}""", "input 'x': unknown datatype 'FP8'")]
    [InlineData("""{"inputs":[{"name":"x","shape":[2],"datatype":"INT8","data":[1,200]}]}""", "input 'x': element 1 is not a valid INT8 value")]
    [InlineData("""{"inputs":[{"name":"x","shape":[2],"datatype":"INT32","data":[1,2.5]}]}""", "input 'x': element 1 is not a valid INT32 value")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":["1"]}]}""", "input 'x': element 0 is not a valid FP32 value")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1e39]}]}""", "input 'x': element 0 is not a valid FP32 value")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"BOOL","data":[1]}]}""", "input 'x': element 0 is not a valid BOOL value")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"BYTES","data":[1]}]}""", "input 'x': element 0 is not a valid BYTES value")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32"}]}""", "input 'x' has no \"data\"")]
    [InlineData("""{"inputs":[{"shape":[1],"datatype":"FP32","data":[1]}]}""", "input #1 has no \"name\"")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","data":[1]}]}""", "input 'x' has no \"shape\"")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"data":[1]}]}""", "input 'x' has no \"datatype\"")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]},{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}""", "input 'x' appears twice")]
    [InlineData("""{"inputs":[{"name":"x","shape":[100000000,100000000],"datatype":"FP32","data":[1]}]}""", "input 'x': shape [100000000,100000000] needs")]
    [InlineData("""{"inputs":[]}""", "no \"inputs\"")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"id":7,"inputs":[]}""", "\"id\" must be a string")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}],"outputs":[{"parameters":{}}]}""", "output #1 has no \"name\"")]
    public void Parse_BadRequests_AreInvalidWithASentenceNamingTheProblem(string json, string expected)
    {
        var error = ParseFails(json);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_BinaryExtension_ReadsTensorsAfterTheJsonInOrder()
    {
        var json = """{"inputs":[{"name":"a","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}},{"name":"j","shape":[1],"datatype":"INT64","data":[5]},{"name":"s","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":11}},{"name":"b","shape":[3],"datatype":"BOOL","parameters":{"binary_data_size":3}}]}""";
        var body = new List<byte>(Encoding.UTF8.GetBytes(json));
        body.AddRange(BitConverter.GetBytes(1.5f));
        body.AddRange(BitConverter.GetBytes(-2f));
        body.AddRange(LengthPrefixed("abc"));
        body.AddRange(LengthPrefixed(""));
        body.AddRange([1, 0, 7]);

        var outcome = OipCodec.ParseRequest(body.ToArray(), Encoding.UTF8.GetByteCount(json));

        Assert.True(outcome.IsOk, outcome.Error?.Message);
        var inputs = outcome.Value!.Inputs;
        Assert.Equal([1.5f, -2f], (float[])inputs[0].Data);
        Assert.Equal([5L], (long[])inputs[1].Data);
        Assert.Equal(["abc", ""], ((byte[][])inputs[2].Data).Select(b => Encoding.UTF8.GetString(b)));
        Assert.Equal([true, false, true], (bool[])inputs[3].Data);
    }

    [Theory]
    [InlineData(8, 4, null, "Inference-Header-Content-Length")]
    [InlineData(8, 12, 0, "needs 2 elements of 4 bytes but binary_data_size is 12")]
    [InlineData(8, 8, 4, "4 bytes after the JSON that no input's binary_data_size claims")]
    [InlineData(8, 8, -4, "goes past the end of the body")]
    public void Parse_BinaryExtension_SizesThatDoNotAddUp_AreInvalid(int actualBytes, int declared, int? extra, string expected)
    {
        var json = $$$"""{"inputs":[{"name":"a","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":{{{declared}}}}}]}""";
        var jsonBytes = Encoding.UTF8.GetBytes(json);
        var binary = new byte[Math.Max(0, actualBytes + (extra ?? 0) + (declared - actualBytes))];
        var body = jsonBytes.Concat(binary).ToArray();

        var error = ParseFails(body, extra is null ? null : jsonBytes.Length);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_JsonLengthOutsideTheBody_IsInvalid()
    {
        var error = ParseFails("""{"inputs":[]}""", 1000);

        Assert.Contains("Inference-Header-Content-Length 1000", error.Message);
    }

    [Fact]
    public void WriteResponse_JsonOutputs_AreValidJsonWithNonFiniteFloatsAsStrings()
    {
        var response = new InferResponse("m", "2", "id-1",
        [
            new Tensor("y", TensorType.Fp32, [2, 2], new[] { 1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }),
            new Tensor("h", TensorType.Fp16, [1], new[] { (Half)0.5f }),
            new Tensor("s", TensorType.Bytes, [2], new[] { "a\"b"u8.ToArray(), new byte[] { 0xFF } }),
            new Tensor("b", TensorType.Bool, [1], new[] { true }),
        ]);
        var request = new InferRequest("id-1", [], null, false);
        var buffer = new ArrayBufferWriter<byte>();

        var jsonLength = OipCodec.WriteResponse(buffer, response, request);

        Assert.Null(jsonLength);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var root = document.RootElement;
        Assert.Equal(("m", "2", "id-1"), (root.GetProperty("model_name").GetString(), root.GetProperty("model_version").GetString(), root.GetProperty("id").GetString()));
        var y = root.GetProperty("outputs")[0];
        Assert.Equal("FP32", y.GetProperty("datatype").GetString());
        Assert.Equal([2, 2], y.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("[1.5,\"NaN\",\"Infinity\",\"-Infinity\"]", y.GetProperty("data").GetRawText());
        Assert.Equal(0.5, root.GetProperty("outputs")[1].GetProperty("data")[0].GetDouble());
        Assert.Equal("a\"b", root.GetProperty("outputs")[2].GetProperty("data")[0].GetString());
        Assert.True(root.GetProperty("outputs")[3].GetProperty("data")[0].GetBoolean());
    }

    [Fact]
    public void WriteResponse_BinaryOutputs_FollowTheJsonAndReturnItsLength()
    {
        var response = new InferResponse("m", "1", null,
        [
            new Tensor("y", TensorType.Fp32, [2], new[] { 1f, -1f }),
            new Tensor("s", TensorType.Bytes, [1], new[] { "xyz"u8.ToArray() }),
            new Tensor("j", TensorType.Int32, [1], new[] { 3 }),
        ]);
        var request = new InferRequest(null, [], [new RequestedOutput("y", true), new RequestedOutput("s", true), new RequestedOutput("j", false)], false);
        var buffer = new ArrayBufferWriter<byte>();

        var jsonLength = OipCodec.WriteResponse(buffer, response, request);

        Assert.NotNull(jsonLength);
        var body = buffer.WrittenSpan.ToArray();
        using var document = JsonDocument.Parse(body.AsMemory(0, jsonLength.Value));
        var outputs = document.RootElement.GetProperty("outputs");
        Assert.Equal(8, outputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        Assert.False(outputs[0].TryGetProperty("data", out _));
        Assert.Equal(7, outputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        Assert.Equal(3, outputs[2].GetProperty("data")[0].GetInt32());
        var binary = body.AsSpan(jsonLength.Value);
        Assert.Equal(15, binary.Length);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(binary));
        Assert.Equal(-1f, BinaryPrimitives.ReadSingleLittleEndian(binary[4..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(binary[8..]));
        Assert.Equal("xyz", Encoding.UTF8.GetString(binary[12..]));
    }

    [Fact]
    public void WriteResponse_BinaryDataOutputParameter_SendsEveryOutputAsBinary()
    {
        var response = new InferResponse("m", "1", null, [new Tensor("y", TensorType.Int64, [1], new[] { 9L })]);
        var request = new InferRequest(null, [], null, BinaryDataOutput: true);
        var buffer = new ArrayBufferWriter<byte>();

        var jsonLength = OipCodec.WriteResponse(buffer, response, request);

        Assert.NotNull(jsonLength);
        Assert.Equal(9L, BinaryPrimitives.ReadInt64LittleEndian(buffer.WrittenSpan[jsonLength.Value..]));
    }

    [Fact]
    public void BinaryRoundTrip_EveryDatatype_ThroughParseAndWrite()
    {
        foreach (var (datatype, _) in OnnxModels.Datatypes)
        {
            Assert.True(TensorTypes.TryParseOip(datatype, out var type));
            var source = DeploymentTests.AllTypesRequest(rows: 2).Inputs.Single(t => t.Datatype == type);
            var response = new InferResponse("m", "1", null, [source with { Name = "t" }]);
            var buffer = new ArrayBufferWriter<byte>();
            var jsonLength = OipCodec.WriteResponse(buffer, response, new InferRequest(null, [], null, true))!.Value;
            var size = JsonDocument.Parse(buffer.WrittenMemory[..jsonLength]).RootElement.GetProperty("outputs")[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt64();
            var header = Encoding.UTF8.GetBytes($$$"""{"inputs":[{"name":"t","shape":[2,2],"datatype":"{{{datatype}}}","parameters":{"binary_data_size":{{{size}}}}}]}""");

            var parsed = OipCodec.ParseRequest(header.Concat(buffer.WrittenSpan[jsonLength..].ToArray()).ToArray(), header.Length);

            Assert.True(parsed.IsOk, parsed.Error?.Message);
            Assert.Equal(Describe(source.Data), Describe(parsed.Value!.Inputs[0].Data));
        }
    }

    internal static string[] Describe(Array data)
    {
        var values = new string[data.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var value = data.GetValue(i);
            values[i] = value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
        }
        return values;
    }

    private static byte[] LengthPrefixed(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var prefixed = new byte[4 + bytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(prefixed, (uint)bytes.Length);
        bytes.CopyTo(prefixed, 4);
        return prefixed;
    }
}
