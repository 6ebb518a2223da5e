using System.IO.Compression;
using System.Text;

namespace Gantry.IntegrationTests;

/// <summary>
/// Model files written byte by byte for the tests: a minimal ONNX ModelProto (the digits MLP's signature: x float32
/// [N,64] → logits float32 [N,10], one weight initializer), a safetensors file, TorchScript-like and checkpoint zips,
/// and a pickle. Field numbers follow onnx/onnx.proto3.
/// </summary>
internal static class DataModelFiles
{
    public static byte[] Onnx(bool weightsAmongInputs = false, int weightBytes = 64 * 10 * 4)
    {
        var x = ValueInfo("x", 1, Dim("N"), Dim(64));
        var logits = ValueInfo("logits", 1, Dim("N"), Dim(10));
        var weight = Concat(Varint(1, 64), Varint(1, 10), Varint(2, 1), Text(8, "W"), Field(9, new byte[weightBytes]));
        var node = Concat(Text(1, "x"), Text(1, "W"), Text(2, "logits"), Text(3, "matmul"), Text(4, "MatMul"));
        var graph = Concat(
            Field(1, node),
            Text(2, "digits"),
            Field(5, weight),
            Field(11, x),
            weightsAmongInputs ? Field(11, ValueInfo("W", 1, Dim(64), Dim(10))) : [],
            Field(12, logits));
        return Concat(
            Varint(1, 8),
            Text(2, "gantry-tests"),
            Text(3, "1.0"),
            Field(8, Concat(Text(1, ""), Varint(2, 17))),
            Field(7, graph));
    }

    public static byte[] Safetensors()
    {
        var header = Encoding.UTF8.GetBytes("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}");
        var bytes = new byte[8 + header.Length + 24];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Pickle() => [0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x8c, 0x05, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x94, 0x2e];

    public static byte[] TorchZip(bool withCode)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string name, byte[] content)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                stream.Write(content);
            }

            Entry("archive/data.pkl", Pickle());
            Entry("archive/data/0", new byte[128]);
            if (withCode)
            {
                Entry("archive/constants.pkl", Pickle());
                Entry("archive/code/__torch__/model.py", Encoding.UTF8.GetBytes("def forward(self, x):\n  return x\n"));
            }
        }

        return buffer.ToArray();
    }

    private static byte[] ValueInfo(string name, int elementType, params byte[][] dims) =>
        Concat(Text(1, name), Field(2, Field(1, Concat(Varint(1, (ulong)elementType), Field(2, Concat(dims))))));

    private static byte[] Dim(long value) => Field(1, Varint(1, (ulong)value));

    private static byte[] Dim(string param) => Field(1, Text(2, param));

    private static byte[] Text(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int number, byte[] payload) => Concat(Raw(((ulong)number << 3) | 2), Raw((ulong)payload.Length), payload);

    private static byte[] Varint(int number, ulong value) => Concat(Raw((ulong)number << 3), Raw(value));

    private static byte[] Raw(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
