namespace Gantry.Planning.Tests;

public sealed class ScaledCountTests
{
    [Theory]
    [InlineData("7B", 7e9)]
    [InlineData("7b", 7e9)]
    [InlineData("1.3B", 1.3e9)]
    [InlineData("70e9", 70e9)]
    [InlineData("175000000000", 175e9)]
    [InlineData("175_000_000_000", 175e9)]
    [InlineData("2T", 2e12)]
    [InlineData("300B", 300e9)]
    [InlineData("125M", 125e6)]
    [InlineData(" 4M ", 4e6)]
    public void Parse_AcceptsThePlannersNotations(string text, double expected)
    {
        Assert.Equal(expected, Expect.Ok(ScaledCount.Parse(text, "params")), 1e-6 * expected);
    }

    [Theory]
    [InlineData("-1", "params must be positive")]
    [InlineData("0", "params must be positive")]
    [InlineData("seven", "is not a number")]
    [InlineData("B", "is not a number")]
    [InlineData("NaN", "is not a number")]
    [InlineData("1e400", "is not a number")]
    [InlineData("", "params must be given")]
    public void Parse_RefusesWithASentence(string text, string says)
    {
        Assert.Contains(says, Expect.Invalid(ScaledCount.Parse(text, "params")));
    }

    [Theory]
    [InlineData(6.74e9, "6.74B")]
    [InlineData(2e12, "2T")]
    [InlineData(125e6, "125M")]
    public void Format_IsShort(double value, string expected) => Assert.Equal(expected, ScaledCount.Format(value));
}
