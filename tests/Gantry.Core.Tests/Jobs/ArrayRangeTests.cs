using Gantry.Core.Jobs;

namespace Gantry.Core.Tests.Jobs;

public sealed class ArrayRangeTests
{
    private static IReadOnlyList<int> Ok(string text)
    {
        var outcome = ArrayRange.Parse(text);
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        return outcome.Value;
    }

    [Fact]
    public void Parse_Range_GivesEveryIndex() =>
        Assert.Equal(Enumerable.Range(0, 100), Ok("0-99"));

    [Fact]
    public void Parse_RangeWithStep_GivesEveryNth() =>
        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], Ok("0-99:10"));

    [Fact]
    public void Parse_StepThatOvershoots_StopsAtTheEnd() =>
        Assert.Equal([1, 4, 7], Ok("1-9:3"));

    [Fact]
    public void Parse_List_MixesSinglesAndRanges() =>
        Assert.Equal([1, 3, 5, 6, 7], Ok("1,3,5-7"));

    [Fact]
    public void Parse_Duplicates_AppearOnce_InOrder() =>
        Assert.Equal([1, 2, 3, 5], Ok("5,3,1,1,2-3,3"));

    [Fact]
    public void Parse_TrimsSpacesAroundParts() =>
        Assert.Equal([1, 2, 4], Ok(" 1 , 2, 4 "));

    [Fact]
    public void Parse_SingleIndex() =>
        Assert.Equal([7], Ok("7"));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("7-1")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("1:2")]
    [InlineData("0-9:0")]
    [InlineData("0-9:-1")]
    [InlineData("0-9:x")]
    [InlineData("1,,2")]
    [InlineData("1,")]
    [InlineData("+1")]
    [InlineData("1-2-3")]
    [InlineData("99999999999")]
    public void Parse_RejectsBadText(string text)
    {
        var outcome = ArrayRange.Parse(text);
        Assert.False(outcome.IsOk);
        Assert.Equal(ErrorKind.Invalid, outcome.Error.Kind);
        Assert.Equal($"array '{text}' is not a range like 0-99, 0-99:10 or 1,3,5-7", outcome.Error.Message);
    }

    [Fact]
    public void Parse_AcceptsExactlyMaxTasks() =>
        Assert.Equal(ArrayRange.MaxTasks, Ok("0-9999").Count);

    [Fact]
    public void Parse_RejectsMoreThanMaxTasks() =>
        Assert.Equal("array '0-10000' has more than 10000 tasks", ArrayRange.Parse("0-10000").Error?.Message);

    [Fact]
    public void Parse_CountsTasksAcrossParts() =>
        Assert.Equal("array '0-5000,10000-15000' has more than 10000 tasks", ArrayRange.Parse("0-5000,10000-15000").Error?.Message);

    [Fact]
    public void Parse_RejectsIndexAboveMaxIndex() =>
        Assert.Equal("array index 1000001 is above the limit of 1000000", ArrayRange.Parse("1000001").Error?.Message);

    [Fact]
    public void Parse_AcceptsMaxIndex() =>
        Assert.Equal([ArrayRange.MaxIndex], Ok("1000000"));

    [Theory]
    [InlineData("1-1:2147483647", new[] { 1 })]
    [InlineData("0-1000000:2147483647", new[] { 0 })]
    [InlineData("999999-1000000:2147483000", new[] { 999999 })]
    public void Parse_HugeStep_NeverWrapsToNegativeIndices(string text, int[] expected) =>
        Assert.Equal(expected, Ok(text));
}
