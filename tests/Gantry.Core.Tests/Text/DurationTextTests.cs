using Gantry.Core.Text;

namespace Gantry.Core.Tests.Text;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("1d", 86400)]
    [InlineData("1d2h3m4s", 86400 + 7200 + 180 + 4)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("90", 90)]
    [InlineData("01:30:00", 90 * 60)]
    [InlineData("2-00:00:00", 2 * 86400)]
    [InlineData("1-12:00:00", 36 * 3600)]
    [InlineData("45:00", 45 * 60)]
    [InlineData("00:00:07", 7)]
    [InlineData("  2h  ", 2 * 3600)]
    public void Parse_ReadsDurations(string text, int seconds)
    {
        var outcome = DurationText.Parse(text, "time_limit");
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        Assert.Equal(TimeSpan.FromSeconds(seconds), outcome.Value);
    }

    [Fact]
    public void Parse_ReadsMilliseconds() =>
        Assert.Equal(TimeSpan.FromMilliseconds(500), DurationText.Parse("500ms", "t").Value);

    [Theory]
    [InlineData("soon")]
    [InlineData("1h30")]
    [InlineData("30x")]
    [InlineData("h")]
    [InlineData("1h 30m")]
    [InlineData("-5m")]
    [InlineData("1:2:3:4")]
    [InlineData(":")]
    [InlineData("1:")]
    [InlineData("-1:00:00")]
    [InlineData("x-01:00:00")]
    [InlineData("1.2.3s")]
    [InlineData("1H")]
    [InlineData("1e3s")]
    public void Parse_RejectsBadText_NamingWhatAndTheText(string text)
    {
        var outcome = DurationText.Parse(text, "time_limit");
        Assert.False(outcome.IsOk);
        Assert.Equal(ErrorKind.Invalid, outcome.Error.Kind);
        Assert.Equal($"time_limit '{text}' is not a duration like 90s, 30m, 2h, 1d or 01:30:00", outcome.Error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Parse_RejectsEmptyText(string? text) =>
        Assert.Equal("timeout must not be empty", DurationText.Parse(text, "timeout").Error?.Message);

    [Theory]
    [InlineData("99999999999999999999d")]
    [InlineData("99999999999999999999")]
    [InlineData("9999999999999d")]
    [InlineData("2147483647:00:00")]
    [InlineData("99999999-00:00:00")]
    [InlineData("2147483647-00:00:00")]
    [InlineData("100000000d100000000d")]
    public void Parse_RejectsHugeDurations_WithoutThrowing(string text)
    {
        var outcome = DurationText.Parse(text, "t");
        Assert.False(outcome.IsOk);
        Assert.StartsWith($"t '{text}'", outcome.Error.Message);
    }

    [Fact]
    public void Parse_HugeDuration_SaysItIsTooLong() =>
        Assert.Equal("time_limit '99999999-00:00:00' is too long", DurationText.Parse("99999999-00:00:00", "time_limit").Error?.Message);

    [Fact]
    public void Parse_LongestDurationThatFits_IsAccepted() =>
        Assert.Equal(TimeSpan.FromDays(10_000_000), DurationText.Parse("10000000d", "t").Value);

    [Theory]
    [InlineData(90 * 60, "1h30m")]
    [InlineData(45, "45s")]
    [InlineData(2 * 86400, "2d")]
    [InlineData(86400 + 1, "1d1s")]
    [InlineData(0, "0s")]
    [InlineData(-5, "0s")]
    public void Format_PrintsTheCompactForm(int seconds, string text) =>
        Assert.Equal(text, DurationText.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Format_KeepsFractionsOfShortDurations() =>
        Assert.Equal("1.5s", DurationText.Format(TimeSpan.FromMilliseconds(1500)));

    [Theory]
    [InlineData(1)]
    [InlineData(59)]
    [InlineData(3600)]
    [InlineData(5400)]
    [InlineData(86399)]
    [InlineData(400 * 86400 + 3661)]
    public void Format_ThenParse_GivesBackTheSameDuration(int seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        Assert.Equal(span, DurationText.Parse(DurationText.Format(span), "t").Value);
    }
}
