using Gantry.Execution.Local;

namespace Gantry.Execution.Tests.Local;

public sealed class LocalHandleTests
{
    [Fact]
    public void Format_ThenParse_RoundTrips_EvenWithOddDirectoryNames()
    {
        var handle = new LocalHandle(1234, 987654321, "/data/jobs/17:with \"quotes\" and ümlaut", 2);

        Assert.True(LocalHandle.TryParse(handle.Format(), out var parsed));
        Assert.Equal(handle, parsed);
        Assert.Equal("/data/jobs/17:with \"quotes\" and ümlaut/attempt-2.exit", parsed.ExitFile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("slurm:12345")]
    [InlineData("{\"pid\":0,\"start\":1,\"dir\":\"/x\",\"attempt\":1}")]
    [InlineData("{\"pid\":5,\"start\":1,\"dir\":\"relative\",\"attempt\":1}")]
    [InlineData("{\"pid\":5,\"dir\":\"/x\",\"attempt\":1}")]
    [InlineData("{not json")]
    public void TryParse_RejectsWhatIsNotALocalHandle(string text)
    {
        Assert.False(LocalHandle.TryParse(text, out _));
    }
}
