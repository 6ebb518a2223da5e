using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gantry.Cli.Infrastructure;

/// <summary>One running command: its parsed arguments, its consoles and, when it needs one, its client.</summary>
internal sealed class CommandContext(CommandBinder binder, ParseResult parse, CancellationToken cancellationToken) : IDisposable
{
    private IAnsiConsole? _console;
    private GantryClient? _client;
    private ClientConnection? _connection;

    public CliEnvironment Environment => binder.Environment;

    public ParseResult Parse { get; } = parse;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Standard output as a Spectre console: tables, markup, spinners (the last only on a terminal).</summary>
    public IAnsiConsole Console => _console ??= ConsoleFactory.Create(Environment.Output, Environment);

    public DateTimeOffset Now => Environment.Time.GetUtcNow();

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Whether <paramref name="option"/> was given on the command line (not just defaulted).</summary>
    public bool Given(Option option) => Parse.GetResult(option) is { Implicit: false };

    /// <summary>The server and token, from flags, variables, the config file or a local dev server.</summary>
    public ClientConnection Connection => _connection ??= ResolveConnection(Value(binder.Address));

    /// <summary>A client for <see cref="Connection"/>.</summary>
    public GantryClient Client => _client ??= CreateClient(Connection);

    /// <summary>Resolves the connection with <paramref name="address"/> in place of <c>--addr</c>.</summary>
    public ClientConnection ResolveConnection(string? address)
    {
        if (address is not null && ServerAddress.Parse(address) is { IsOk: false } bad)
            throw CliException.Usage(bad.Error.Message);
        var resolved = ClientConnection.Resolve(address, Value(binder.Token), Environment.GetVariable, Environment.WorkingDirectory);
        return resolved.IsOk ? resolved.Value : throw new CliException(resolved.Error.Message);
    }

    public GantryClient CreateClient(ClientConnection connection) =>
        new(connection, Environment.HttpHandler, Environment.Time);

    /// <summary>Writes a table or grid; off a terminal as plain lines without trailing padding.</summary>
    public async Task WriteAsync(IRenderable renderable)
    {
        if (Environment.IsTerminal)
            Console.Write(renderable);
        else
            await Environment.Output.WriteAsync(ConsoleFactory.RenderPlain(renderable).AsMemory(), CancellationToken);
    }

    public Task WriteJsonAsync<T>(T value) => JsonOutput.WriteAsync(Environment.Output, value, CancellationToken);

    public Task WriteLineAsync(string text) => Environment.Output.WriteLineAsync(text);

    /// <summary>A note for people (hints, warnings) that stays out of the data on stdout.</summary>
    public Task NoteAsync(string text) => Environment.Error.WriteLineAsync(text);

    public void Dispose() => _client?.Dispose();
}
