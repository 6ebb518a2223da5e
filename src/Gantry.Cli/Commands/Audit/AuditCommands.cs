using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Client;

namespace Gantry.Cli.Commands.Audit;

/// <summary><c>gantry audit ls|verify</c>.</summary>
internal static class AuditCommands
{
    public static Command Create(CommandBinder binder) => new("audit", "Read and verify the audit trail")
    {
        ListEntries(binder),
        Verify(binder),
    };

    private static Command ListEntries(CommandBinder binder)
    {
        var actor = new Option<string?>("--actor") { Description = "Only entries by this user" };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. job.submit" };
        var since = new Option<string?>("--since") { Description = "From this time (ISO-8601) or this long ago (24h)", HelpName = "TIME" };
        var until = new Option<string?>("--until") { Description = "Up to this time (ISO-8601) or this long ago (1h)", HelpName = "TIME" };
        var limit = new Option<int?>("--limit") { Description = "How many entries to show" };
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List audit entries") { actor, action, since, until, limit, json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            if (context.Value(limit) is < 1)
                throw CliException.Usage("--limit must be at least 1");
            var query = new AuditQuery
            {
                Actor = context.Value(actor),
                Action = context.Value(action),
                Since = context.Value(since),
                Until = context.Value(until),
                Limit = context.Value(limit),
            };
            var page = await context.Client.ListAuditAsync(query, context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(page.Items);
                return ExitCodes.Ok;
            }

            if (page.Items.Count == 0)
                await context.NoteAsync("no audit entries");
            else
                await context.WriteAsync(AuditTable.Create(page.Items));
            if (!string.IsNullOrEmpty(page.NextCursor))
                await context.NoteAsync($"showing {page.Items.Count} entries; there are more: narrow with --since/--until or raise --limit");
            return ExitCodes.Ok;
        });
    }

    private static Command Verify(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("verify", "Recompute the audit hash chain; exit 1 if it is broken") { json };
        return binder.Bind(command, async context =>
        {
            var result = await context.Client.VerifyAuditAsync(context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(result);
            if (result.Ok)
            {
                if (!context.Value(json))
                    await context.WriteLineAsync($"audit chain intact: {result.Entries} entries verified");
                return ExitCodes.Ok;
            }

            var where = result.FirstBadSeq is { } seq ? $" at entry {seq}" : "";
            var why = result.Problem is { Length: > 0 } problem ? $": {problem}" : "";
            await context.Environment.Error.WriteLineAsync($"error: audit chain broken{where}{why}");
            return ExitCodes.Failure;
        });
    }
}
