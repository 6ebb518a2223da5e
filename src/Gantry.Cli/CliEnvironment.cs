using Gantry.Server;

namespace Gantry.Cli;

/// <summary>
/// Everything a <c>gantry</c> command touches outside itself: its output streams, environment
/// variables, working directory and clock. Tests build one to run commands in-process; nothing is
/// read from the real process environment except through <see cref="GetVariable"/>.
/// </summary>
public sealed class CliEnvironment
{
    public CliEnvironment(TextWriter output, TextWriter error, Func<string, string?> getVariable, string workingDirectory)
    {
        Output = output;
        Error = error;
        GetVariable = getVariable;
        WorkingDirectory = Path.GetFullPath(workingDirectory);
    }

    /// <summary>Where results go (stdout).</summary>
    public TextWriter Output { get; }

    /// <summary>Where errors, warnings and hints go (stderr).</summary>
    public TextWriter Error { get; }

    /// <summary>Looks up an environment variable: GANTRY_ADDR, GANTRY_TOKEN, GANTRY_CONFIG_DIR, GANTRY_DATA_DIR, HOME, …</summary>
    public Func<string, string?> GetVariable { get; }

    /// <summary>Where relative paths (job files, the data directory) start.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Whether <see cref="Output"/> is a terminal: colour, spinners and wide tables only then.</summary>
    /// <value>The default value is false.</value>
    public bool IsTerminal { get; init; }

    /// <summary>The clock for ages, durations and wait deadlines.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The HTTP handler client commands send through (not disposed by them), e.g. an in-memory test
    /// server's; null opens real connections.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Runs <c>gantry server</c>; tests replace it to check what it would be started with.</summary>
    internal Func<ServerSettings, TextWriter, CancellationToken, Task<int>> RunServer { get; init; } = ServerHost.RunAsync;

    /// <summary>The real console, process environment and current directory.</summary>
    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Environment.CurrentDirectory)
        {
            IsTerminal = !Console.IsOutputRedirected,
        };

    /// <summary>An environment whose variables are exactly <paramref name="variables"/>.</summary>
    public static CliEnvironment FromVariables(
        TextWriter output, TextWriter error, IReadOnlyDictionary<string, string> variables, string workingDirectory) =>
        new(output, error, name => variables.TryGetValue(name, out var value) ? value : null, workingDirectory);
}
