using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gantry.Cli.Commands.Planning;

/// <summary>The two shapes the planning summaries are made of: "Name: value" lines and titled sections.</summary>
internal static class SummaryLayout
{
    public static Grid Headline(IEnumerable<(string Name, string Value)> rows)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        grid.AddColumn(new GridColumn().PadRight(0));
        foreach (var (name, value) in rows)
            grid.AddRow(new Text(name + ":", new Style(decoration: Decoration.Bold)), new Text(value));
        return grid;
    }

    public static Rows Titled(string title, IRenderable body) =>
        new(new Text(title, new Style(decoration: Decoration.Bold | Decoration.Underline)), body);
}
