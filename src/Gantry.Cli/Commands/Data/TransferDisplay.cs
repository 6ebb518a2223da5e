using Gantry.Cli.Infrastructure;
using Spectre.Console;

namespace Gantry.Cli.Commands.Data;

/// <summary>Progress bars with bytes, rate and time left for pushes, pulls and model transfers — only on a terminal.</summary>
internal sealed class TransferDisplay
{
    private readonly ProgressContext? _context;

    private TransferDisplay(ProgressContext? context)
    {
        _context = context;
    }

    /// <summary>Runs <paramref name="work"/> with progress bars when stdout is a terminal (and not --json), plainly otherwise.</summary>
    public static async Task<T> RunAsync<T>(CommandContext context, bool quiet, Func<TransferDisplay, Task<T>> work)
    {
        if (!context.Environment.IsTerminal || quiet)
            return await work(new TransferDisplay(null));
        T result = default!;
        await context.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async progress => result = await work(new TransferDisplay(progress)));
        return result;
    }

    /// <summary>A bar for <paramref name="description"/>; the returned progress takes byte deltas, the action sets the total.</summary>
    public (IProgress<long>? Progress, Action<long> SetTotal) Bar(string description, long total = 0)
    {
        if (_context is null)
            return (null, _ => { });
        var task = _context.AddTask(description, autoStart: true, maxValue: Math.Max(1, total));
        var progress = new CallbackProgress<long>(delta => task.Increment(delta));
        return (progress, SetTotal);

        void SetTotal(long value)
        {
            task.MaxValue = Math.Max(1, value);
            if (value == 0)
                task.Value = 1;
        }
    }
}
