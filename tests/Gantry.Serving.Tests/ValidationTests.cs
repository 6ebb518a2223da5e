using Gantry.Core;

namespace Gantry.Serving.Tests;

public sealed class ValidationTests
{
    private static readonly ModelSignature Signature = new(
        [new TensorSpec("x", TensorType.Fp32, [-1, 4]), new TensorSpec("ids", TensorType.Int64, [-1])],
        [new TensorSpec("y", TensorType.Fp32, [-1, 2])]);

    private static Tensor X(long rows = 1, long width = 4) => new("x", TensorType.Fp32, [rows, width], new float[rows * width]);

    private static Tensor Ids(long rows = 1) => new("ids", TensorType.Int64, [rows], new long[rows]);

    [Fact]
    public void Validate_MatchingRequest_HasNoError()
    {
        Assert.Null(OipCodec.Validate(new InferRequest(null, [X(3), Ids(3)], [new RequestedOutput("y", false)], false), Signature));
    }

    public static TheoryData<InferRequest, string> BadRequests() => new()
    {
        { new InferRequest(null, [X(), Ids(), new Tensor("z", TensorType.Fp32, [1], new float[1])], null, false), "the model has no input 'z'; its inputs are x (FP32 [-1,4]), ids (INT64 [-1])" },
        { new InferRequest(null, [X()], null, false), "input 'ids' is missing" },
        { new InferRequest(null, [X(), Ids(), X()], null, false), "input 'x' appears twice" },
        { new InferRequest(null, [new Tensor("x", TensorType.Fp64, [1, 4], new double[4]), Ids()], null, false), "input 'x' has datatype FP64 but the model takes FP32" },
        { new InferRequest(null, [new Tensor("x", TensorType.Fp32, [4], new float[4]), Ids()], null, false), "input 'x' has shape [4] (rank 1) but the model takes rank 2: [-1,4]" },
        { new InferRequest(null, [X(1, 5), Ids()], null, false), "input 'x' has shape [1,5] but the model takes [-1,4] (dimension 1 must be 4)" },
        { new InferRequest(null, [new Tensor("x", TensorType.Fp32, [2, 4], new float[4]), Ids()], null, false), "input 'x' has 4 elements but shape [2,4] needs 8" },
        { new InferRequest(null, [new Tensor("x", TensorType.Fp32, [1, 4], new double[4]), Ids()], null, false), "input 'x' holds Double[], not the array type of FP32" },
        { new InferRequest(null, [X(), Ids()], [new RequestedOutput("logits", false)], false), "the model has no output 'logits'; its outputs are y (FP32 [-1,2])" },
        { new InferRequest(null, [X(), Ids()], [new RequestedOutput("y", false), new RequestedOutput("y", true)], false), "output 'y' is requested twice" },
        { new InferRequest(null, [], null, false), "the request has no inputs" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Validate_Mismatch_IsInvalidWithAClearMessage(InferRequest request, string expected)
    {
        var error = OipCodec.Validate(request, Signature);

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Contains(expected, error.Message);
    }
}
