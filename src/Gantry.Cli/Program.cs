using System.Runtime.InteropServices;
using Gantry.Cli;

using var stop = new CancellationTokenSource();

// The first Ctrl+C or SIGTERM cancels the running command (a wait, a log stream, the server) so it
// can stop cleanly and exit with a meaningful code; a second one ends the process at once.
void Stop(Action keepRunning)
{
    if (stop.IsCancellationRequested)
        return;
    keepRunning();
    stop.Cancel();
}

Console.CancelKeyPress += (_, e) => Stop(() => e.Cancel = true);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(() => context.Cancel = true));

return await CliApp.RunAsync(args, CliEnvironment.FromConsole(), stop.Token);
