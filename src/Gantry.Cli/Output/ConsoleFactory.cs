using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>Spectre consoles over the CLI's writers: colour and animation on a terminal, plain text elsewhere.</summary>
internal static class ConsoleFactory
{
    // Off a terminal nothing should wrap: scripts cut columns by position and grep whole lines.
    private const int UnboundedWidth = 4096;

    public static IAnsiConsole Create(TextWriter writer, CliEnvironment environment)
    {
        var terminal = environment.IsTerminal;
        var colour = terminal && string.IsNullOrEmpty(environment.GetVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = UnboundedWidth;
            console.Profile.Capabilities.Unicode = false;
        }

        return console;
    }
}
