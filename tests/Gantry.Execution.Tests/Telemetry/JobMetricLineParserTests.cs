using System.Text;
using Gantry.Execution.Telemetry;

namespace Gantry.Execution.Tests.Telemetry;

public sealed class JobMetricLineParserTests
{
    [Fact]
    public void Parse_TakesEveryNumericField_ExceptStepAndTime()
    {
        var line = Parse("""{"step": 120, "epoch": 3, "loss": 0.3125, "accuracy": 0.92, "phase": "train", "ok": true, "nested": {"x": 1}, "time": 1700000000.5}""");

        Assert.NotNull(line);
        Assert.Equal(120, line.Step);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), line.At);
        Assert.Equal(["epoch", "loss", "accuracy"], line.Values.Select(v => v.Key));
        Assert.Equal(0.3125, line.Values[1].Value);
    }

    [Fact]
    public void Parse_AcceptsALineWithoutStep()
    {
        var line = Parse("""{"samples_per_second": 1520.5}""");

        Assert.NotNull(line);
        Assert.Null(line.Step);
        Assert.Null(line.At);
        Assert.Single(line.Values);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    [InlineData("{\"step\": 1}")]
    [InlineData("{\"loss\": \"low\"}")]
    [InlineData("{\"loss\": 0.5")]
    [InlineData("{\"bad key with spaces\": 1}")]
    public void Parse_RefusesMalformedLines(string text) => Assert.Null(Parse(text));

    [Fact]
    public void Parse_KeepsAtMost64ValuesOfALine()
    {
        var fields = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"m{i}\": {i}"));

        var line = Parse("{" + fields + "}");

        Assert.Equal(JobMetricLineParser.MaxValuesPerLine, line!.Values.Count);
    }

    private static JobMetricLine? Parse(string text) => JobMetricLineParser.Parse(Encoding.UTF8.GetBytes(text));
}
