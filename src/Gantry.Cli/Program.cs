using System.Runtime.InteropServices;
using Gantry.Cli;

using var stop = new CancellationTokenSource();

// Ctrl+C and SIGTERM cancel the running command (a wait, a log stream, the server) instead of
// killing the process, so it can stop cleanly and exit with a meaningful code.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

return await CliApp.RunAsync(args, CliEnvironment.FromConsole(), stop.Token);
