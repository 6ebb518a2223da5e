using System.Globalization;
using Gantry.Core.Api;
using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>The table of <c>gantry audit ls</c>.</summary>
internal static class AuditTable
{
    public static Table Create(IEnumerable<AuditEntryView> entries)
    {
        var table = TableFactory.Create("SEQ", "TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "DETAIL");
        foreach (var e in entries)
        {
            table.AddTextRow(
                e.Seq.ToString(CultureInfo.InvariantCulture),
                TimeText.Stamp(e.At),
                e.Actor,
                e.Action,
                e.Target ?? TimeText.None,
                e.Outcome,
                e.Detail ?? "");
        }

        return table;
    }
}
