namespace Gantry.IntegrationTests;

/// <summary>A test class whose tests share one gantry server with a Slurm pool, under a job-name prefix of its own.</summary>
public abstract class SlurmServerTest : IAsyncLifetime
{
    private TestServer? _server;

    /// <summary>The Slurm job-name prefix of this server's jobs (find them in squeue).</summary>
    protected string Prefix { get; } = SlurmSupport.NewPrefix();

    protected TestServer Server => _server!;

    public async ValueTask InitializeAsync()
    {
        SlurmSupport.Require();
        _server = await TestServer.StartAsync(SlurmSupport.Config(Prefix));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
