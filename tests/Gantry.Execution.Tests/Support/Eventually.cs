using System.Diagnostics;

namespace Gantry.Execution.Tests.Support;

/// <summary>Waits for a condition with a deadline (never a fixed sleep as synchronisation).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"timed out after {limit.TotalSeconds} s waiting for {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
