using Gantry.Execution.Telemetry;

namespace Gantry.Execution.Tests.Telemetry;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Parse_ReadsNamesLabelsValuesAndTimestamps()
    {
        const string text = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000
            metric_without_timestamp_and_labels 12.47
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
            something_weird{problem="division by zero"} +Inf -3982045
            rpc_duration_seconds{quantile="0.5",} 4773
            """;

        var samples = PrometheusText.Parse(text, out var skipped);

        Assert.Equal(0, skipped);
        Assert.Equal(6, samples.Count);
        Assert.Equal("http_requests_total", samples[0].Name);
        Assert.Equal("post", samples[0].Labels["method"]);
        Assert.Equal(1027, samples[0].Value);
        Assert.Equal(1395066363000, samples[0].TimestampMs);
        Assert.Equal(3, samples[1].Value);
        Assert.Empty(samples[2].Labels);
        Assert.Null(samples[2].TimestampMs);
        Assert.Equal(@"C:\DIR\FILE.TXT", samples[3].Labels["path"]);
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", samples[3].Labels["error"]);
        Assert.Equal(1.458255915e9, samples[3].Value);
        Assert.True(double.IsPositiveInfinity(samples[4].Value));
        Assert.Equal(-3982045, samples[4].TimestampMs);
        Assert.Equal("0.5", samples[5].Labels["quantile"]);
    }

    [Theory]
    [InlineData("no_value")]
    [InlineData("bad{label=unquoted} 1")]
    [InlineData("bad{label=\"unterminated} 1")]
    [InlineData("bad 1 2 3")]
    [InlineData("bad one")]
    [InlineData("9starts_with_digit 1")]
    public void Parse_SkipsAndCountsLinesThatAreNotSamples(string line)
    {
        var samples = PrometheusText.Parse("good 1\n" + line + "\n", out var skipped);

        Assert.Single(samples);
        Assert.Equal(1, skipped);
    }
}
