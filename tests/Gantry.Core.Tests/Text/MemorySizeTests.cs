using Gantry.Core.Text;

namespace Gantry.Core.Tests.Text;

public sealed class MemorySizeTests
{
    [Theory]
    [InlineData("512Mi", 512L << 20)]
    [InlineData("4Gi", 4L << 30)]
    [InlineData("1G", 1_000_000_000L)]
    [InlineData("1.5Gi", 3L << 29)]
    [InlineData("1024", 1024L)]
    [InlineData("100B", 100L)]
    [InlineData("2k", 2_000L)]
    [InlineData("2K", 2_000L)]
    [InlineData("3Ki", 3072L)]
    [InlineData("1T", 1_000_000_000_000L)]
    [InlineData("2Ti", 2L << 40)]
    [InlineData("1Pi", 1L << 50)]
    [InlineData("  4Gi  ", 4L << 30)]
    [InlineData("0", 0L)]
    public void Parse_ReadsQuantities(string text, long bytes)
    {
        var outcome = MemorySize.Parse(text, "memory");
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        Assert.Equal(bytes, outcome.Value);
    }

    [Fact]
    public void Parse_RoundsFractionalBytesUp() =>
        Assert.Equal(1L, MemorySize.Parse("0.1", "memory").Value);

    [Theory]
    [InlineData("lots")]
    [InlineData("Gi")]
    [InlineData("-1Gi")]
    [InlineData("4 Gi")]
    [InlineData("4GiB")]
    [InlineData("1e9")]
    [InlineData("4gi")]
    [InlineData("1,5Gi")]
    public void Parse_RejectsBadText_NamingWhatAndTheText(string text)
    {
        var outcome = MemorySize.Parse(text, "resources.memory");
        Assert.False(outcome.IsOk);
        Assert.Equal(ErrorKind.Invalid, outcome.Error.Kind);
        Assert.Equal($"resources.memory '{text}' is not a quantity like 512Mi, 4Gi or 1000000000", outcome.Error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_RejectsEmptyText(string? text) =>
        Assert.Equal("memory must not be empty", MemorySize.Parse(text, "memory").Error?.Message);

    [Theory]
    [InlineData("4096Pi")]
    [InlineData("9223372036854775807")]
    [InlineData("99999999999999999999999999Pi")]
    [InlineData("79228162514264337593543950335P")]
    public void Parse_RejectsHugeQuantities_AsTooLarge_WithoutThrowing(string text) =>
        Assert.Equal($"memory '{text}' is too large", MemorySize.Parse(text, "memory").Error?.Message);

    [Fact]
    public void Parse_LargestQuantityBelowTheLimit_IsAccepted() =>
        Assert.Equal(4095L << 50, MemorySize.Parse("4095Pi", "memory").Value);

    [Theory]
    [InlineData(4L << 30, "4Gi")]
    [InlineData(512L << 20, "512Mi")]
    [InlineData(3L << 29, "1536Mi")]
    [InlineData(1024L, "1Ki")]
    [InlineData(1536L, "1536")]
    [InlineData(1000L, "1000")]
    [InlineData(0L, "0")]
    [InlineData(1L << 50, "1Pi")]
    [InlineData(3L << 40, "3Ti")]
    public void Format_PrintsTheShortestExactBinaryForm(long bytes, string text) =>
        Assert.Equal(text, MemorySize.Format(bytes));

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(1000L)]
    [InlineData(1024L)]
    [InlineData(1_000_000_000L)]
    [InlineData(3L << 29)]
    [InlineData((64L << 40) + 1)]
    [InlineData(5L << 50)]
    public void Format_ThenParse_GivesBackTheSameBytes(long bytes) =>
        Assert.Equal(bytes, MemorySize.Parse(MemorySize.Format(bytes), "memory").Value);

    [Theory]
    [InlineData("512Mi")]
    [InlineData("4Gi")]
    [InlineData("2Ti")]
    [InlineData("1000")]
    public void Parse_ThenFormat_GivesBackTheCanonicalText(string text) =>
        Assert.Equal(text, MemorySize.Format(MemorySize.Parse(text, "memory").Value));

    [Fact]
    public void Parse_ThenFormat_TurnsDecimalUnitsIntoBytes() =>
        Assert.Equal("1000000000", MemorySize.Format(MemorySize.Parse("1G", "memory").Value));

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1 KiB")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(512L << 20, "512 MiB")]
    [InlineData(4L << 30, "4 GiB")]
    [InlineData(4_187_593_113L, "3.9 GiB")]
    [InlineData(150L << 30, "150 GiB")]
    [InlineData((99L << 30) + (1L << 29), "99.5 GiB")]
    [InlineData(2L << 50, "2 PiB")]
    [InlineData(2048L << 50, "2048 PiB")]
    public void Human_RoundsForTables(long bytes, string text) =>
        Assert.Equal(text, MemorySize.Human(bytes));

    [Theory]
    [InlineData("1.5Gi", "1.5 GiB")]
    [InlineData("4Gi", "4 GiB")]
    [InlineData("512Mi", "512 MiB")]
    [InlineData("1G", "954 MiB")]
    public void Human_OfAParsedQuantity_ReadsLikeTheQuantity(string text, string human) =>
        Assert.Equal(human, MemorySize.Human(MemorySize.Parse(text, "m").Value));
}
