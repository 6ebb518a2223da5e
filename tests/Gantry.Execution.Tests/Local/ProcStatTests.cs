using Gantry.Execution.Local;

namespace Gantry.Execution.Tests.Local;

public sealed class ProcStatTests
{
    [Fact]
    public void Parse_CommandNameWithSpacesAndParentheses()
    {
        const string stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 120 0 0 0 3 1 0 0 20 0 1 0 987654321 2449408 400 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

        var parsed = ProcStat.Parse(stat);

        Assert.NotNull(parsed);
        Assert.Equal('S', parsed.Value.State);
        Assert.Equal(4242, parsed.Value.ProcessGroup);
        Assert.Equal(4242, parsed.Value.Session);
        Assert.Equal(987654321UL, parsed.Value.StartTime);
        Assert.False(parsed.Value.HasEnded);
    }

    [Fact]
    public void Parse_Zombie_HasEnded()
    {
        var parsed = ProcStat.Parse("77 (sh) Z 1 77 77 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 5555 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0");

        Assert.True(parsed!.Value.HasEnded);
    }

    [Fact]
    public void Read_OwnProcess_HasAStartTime()
    {
        var self = ProcStat.Read(Environment.ProcessId);

        Assert.NotNull(self);
        Assert.True(self.Value.StartTime > 0);
        Assert.Null(ProcStat.Parse("garbage"));
    }
}
