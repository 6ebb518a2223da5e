using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

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

    /// <summary>
    /// Renders <paramref name="renderable"/> as plain text, each line without the padding that
    /// aligns it, so output piped to grep, cut or a file has no trailing spaces.
    /// </summary>
    public static string RenderPlain(IRenderable renderable)
    {
        using var buffer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = UnboundedWidth;
        console.Profile.Capabilities.Unicode = false;
        console.Write(renderable);

        var text = new StringBuilder();
        foreach (var line in buffer.ToString().Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed.Length > 0 || text.Length > 0)
                text.Append(trimmed).Append('\n');
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }
}
