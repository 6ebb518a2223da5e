using Gantry.Execution.Local;
using Gantry.Execution.Tests.Support;

namespace Gantry.Execution.Tests.Local;

public sealed class ExitFilesTests
{
    [Theory]
    [InlineData("0\n", 0, null)]
    [InlineData("3\n", 3, null)]
    [InlineData("143\n", 143, 15)]
    [InlineData("signal 9\n", 137, 9)]
    public void Parse_StatusesAndSignals(string text, int exitCode, int? signal)
    {
        var exit = ExitFiles.Parse(text);

        Assert.NotNull(exit);
        Assert.Equal(exitCode, exit.ExitCode);
        Assert.Equal(signal, exit.Signal);
        Assert.Equal(exitCode == 0, exit.Succeeded);
    }

    [Fact]
    public void WriteIfAbsent_KeepsTheFirstRecord()
    {
        using var dir = new TempDirectory();
        var path = ExitFiles.PathFor(dir.Path, 1);

        ExitFiles.WriteIfAbsent(path, "3");
        ExitFiles.WriteIfAbsent(path, "signal 9");

        Assert.Equal(3, ExitFiles.TryRead(path)!.ExitCode);
        Assert.Equal(["attempt-1.exit"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
