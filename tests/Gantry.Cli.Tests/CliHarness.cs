using Microsoft.Extensions.Time.Testing;

namespace Gantry.Cli.Tests;

/// <summary>
/// Runs <c>gantry</c> in-process against a <see cref="FakeServer"/>, in a scratch working directory
/// with its own config directory, so nothing of the real user's home is read or written.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public CliHarness()
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("gantry-cli-test-").FullName;
        Variables["GANTRY_CONFIG_DIR"] = Path.Combine(WorkingDirectory, "config");
    }

    public string WorkingDirectory { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public FakeServer Server { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, name => Variables.GetValueOrDefault(name), WorkingDirectory)
        {
            HttpHandler = Server,
            Time = Time,
        };
        var code = await CliApp.RunAsync(args, environment, TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(WorkingDirectory, recursive: true);
}
