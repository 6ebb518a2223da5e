using Gantry.Core.Text;

namespace Gantry.Core.Tests.Text;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("9lives")]
    [InlineData("train-v2.1_final")]
    [InlineData("A.B-C_D")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk")]
    public void Check_AcceptsNames(string name)
    {
        Assert.Null(NameRules.Check(name, "name"));
        Assert.True(NameRules.IsValid(name));
    }

    [Theory]
    [InlineData(null, "project must not be empty")]
    [InlineData("", "project must not be empty")]
    [InlineData("a..b", "project 'a..b' must not contain '..'")]
    [InlineData("..", "project '..' must not contain '..'")]
    [InlineData("a\tb", "project must not contain control characters")]
    [InlineData("a\n", "project must not contain control characters")]
    [InlineData("\u0000", "project must not contain control characters")]
    [InlineData("a\u0085", "project must not contain control characters")]
    public void Check_RejectsNames_Saying_Why(string? name, string reason) =>
        Assert.Equal(reason, NameRules.Check(name, "project"));

    [Theory]
    [InlineData("a/b")]
    [InlineData("/a")]
    [InlineData("-a")]
    [InlineData(".a")]
    [InlineData("_a")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a\\b")]
    [InlineData("ünï")]
    [InlineData("a\u200bb")]
    public void Check_RejectsCharactersOutsideTheAlphabet(string name)
    {
        Assert.Equal($"name '{name}' may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit", NameRules.Check(name, "name"));
        Assert.False(NameRules.IsValid(name));
    }

    [Fact]
    public void Check_RejectsNamesLongerThan63() =>
        Assert.Equal("name is 64 characters long; the limit is 63", NameRules.Check(new string('x', 64), "name"));

    [Fact]
    public void Check_LengthIsCheckedBeforeTheContent_SoHugeInputIsNotEchoed() =>
        Assert.Equal("name is 100000 characters long; the limit is 63", NameRules.Check(new string('/', 100_000), "name"));
}
