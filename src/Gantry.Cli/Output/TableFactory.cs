using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>Tables in the style of <c>kubectl get</c>: upper-case headers, no borders, two spaces between columns.</summary>
internal static class TableFactory
{
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None);
        for (var i = 0; i < headers.Length; i++)
        {
            var right = i == headers.Length - 1 ? 0 : 2;
            table.AddColumn(new TableColumn(new Text(headers[i], new Style(decoration: Decoration.Bold))).Padding(0, 0, right, 0));
        }

        return table;
    }

    /// <summary>Adds a row of plain text (never parsed as markup: names and commands are user input).</summary>
    public static Table AddTextRow(this Table table, params string[] cells)
    {
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());
        return table;
    }
}
