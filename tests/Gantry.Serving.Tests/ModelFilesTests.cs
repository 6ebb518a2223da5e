namespace Gantry.Serving.Tests;

public sealed class ModelFilesTests
{
    [Fact]
    public void ReadSignature_Linear_HasSymbolicBatchAndFixedWidth()
    {
        var signature = ModelDeployment.ReadSignature(TestKit.Linear);

        Assert.True(signature.IsOk, signature.Error?.Message);
        var input = Assert.Single(signature.Value!.Inputs);
        Assert.Equal(("x", TensorType.Fp32), (input.Name, input.Datatype));
        Assert.Equal([-1L, TestKit.Inputs], input.Shape);
        var output = Assert.Single(signature.Value.Outputs);
        Assert.Equal(("y", TensorType.Fp32), (output.Name, output.Datatype));
        Assert.Equal([-1L, TestKit.Outputs], output.Shape);
    }

    [Fact]
    public void ReadSignature_AllTypes_MapsEveryElementType()
    {
        var signature = ModelDeployment.ReadSignature(TestKit.AllTypes);

        Assert.True(signature.IsOk, signature.Error?.Message);
        foreach (var (datatype, _) in OnnxModels.Datatypes)
        {
            var input = Assert.Single(signature.Value!.Inputs, i => i.Name == $"{datatype.ToLowerInvariant()}_in");
            Assert.Equal(datatype, TensorTypes.ToOip(input.Datatype));
        }
    }

    [Fact]
    public void ReadSignature_NotAnOnnxFile_IsInvalid()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "this is not a model");

        var signature = ModelDeployment.ReadSignature(path);

        Assert.False(signature.IsOk);
        Assert.Equal(Core.ErrorKind.Invalid, signature.Error.Kind);
        Assert.Contains("not a loadable ONNX model", signature.Error.Message);
    }

    [Fact]
    public void Constructor_UnknownDevice_Throws()
    {
        var settings = TestKit.Settings() with { Device = "tpu" };

        var error = Assert.Throws<ArgumentException>(() => new ModelDeployment("d", "1", TestKit.Linear, settings, null, TimeProvider.System));

        Assert.Contains("tpu", error.Message);
    }

    [Fact]
    public void Constructor_CudaWithoutCudaLibraries_SaysWhatIsMissing()
    {
        Assert.SkipWhen(File.Exists("/dev/nvidia0"), "this machine has an NVIDIA GPU: device cuda may load here");
        var settings = TestKit.Settings() with { Device = "cuda" };

        var error = Assert.Throws<InvalidOperationException>(() => new ModelDeployment("d", "1", TestKit.Linear, settings, null, TimeProvider.System));

        Assert.Contains("CUDA", error.Message);
        Assert.Contains("libcudart", error.Message);
    }
}
