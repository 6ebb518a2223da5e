using Gantry.Storage;
using Gantry.Storage.Providers;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gantry.Server.Leadership;

/// <summary>
/// Decides whether this server leads: runs the scheduler loop and the other background work that must not run
/// twice (job reconciliation, GPU telemetry, job metrics). On SQLite the one server always leads. On PostgreSQL
/// the leader is whoever holds the session advisory lock <see cref="PostgresLocks.Leader"/> on a dedicated
/// connection; followers try again every <see cref="MetadataOptions.LeaderRetryInterval"/>. When the leader's
/// process dies its session ends, PostgreSQL releases the lock, and the next try of a follower takes it.
/// A leader whose session breaks while it lives stops the process: it can no longer prove it leads.
/// </summary>
internal sealed class LeaderElection(
    MetadataStore store,
    IOptions<MetadataOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<LeaderElection> logger) : BackgroundService
{
    private readonly TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _leaderSinceMs;

    /// <summary>True while this server leads.</summary>
    public bool IsLeader => _leading.Task.IsCompletedSuccessfully && !LostLeadership;

    /// <summary>When this server took the lead, if it leads.</summary>
    public DateTimeOffset? LeaderSince => IsLeader ? DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _leaderSinceMs)) : null;

    /// <summary>True once this server led and lost its lock session; the process is stopping.</summary>
    public bool LostLeadership { get; private set; }

    /// <summary>Completes when this server leads (at once on SQLite).</summary>
    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => _leading.Task.WaitAsync(cancellationToken);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The single SQLite server leads before any other hosted service starts.
        if (!store.IsShared)
            Lead(null);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.IsShared)
            return;
        var connectionString = new NpgsqlConnectionStringBuilder(store.ConnectionString)
        {
            // Its own physical session: closing it (or the process dying) must release the lock, not pool it.
            Pooling = false,
            ApplicationName = "gantry-leader",
            KeepAlive = 5,
        }.ConnectionString;
        NpgsqlConnection? session = null;
        var followingLogged = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (session is null)
                    {
                        session = new NpgsqlConnection(connectionString);
                        await session.OpenAsync(stoppingToken);
                    }

                    if (await TryLockAsync(session, stoppingToken))
                    {
                        Lead(session);
                        await HoldAsync(session, stoppingToken);
                        return;
                    }

                    if (!followingLogged)
                    {
                        Log.Following(logger, store.Description);
                        followingLogged = true;
                    }
                }
                catch (NpgsqlException ex)
                {
                    Log.LeadershipAttemptFailed(logger, ex);
                    await DisposeAsync(session);
                    session = null;
                }

                await Task.Delay(options.Value.LeaderRetryInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: closing the session below hands the lead to a follower at once.
        }
        finally
        {
            await DisposeAsync(session);
        }
    }

    private void Lead(NpgsqlConnection? session)
    {
        Interlocked.Exchange(ref _leaderSinceMs, time.GetUtcNow().ToUnixTimeMilliseconds());
        _leading.TrySetResult();
        if (session is not null)
            Log.BecameLeader(logger, store.Description);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", session);
        command.Parameters.AddWithValue("key", PostgresLocks.Leader);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Checks the lock session every retry interval for as long as the server runs.</summary>
    private async Task HoldAsync(NpgsqlConnection session, CancellationToken stoppingToken)
    {
        while (true)
        {
            await Task.Delay(options.Value.LeaderRetryInterval, time, stoppingToken);
            try
            {
                await using var command = new NpgsqlCommand("SELECT 1", session);
                await command.ExecuteScalarAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                LostLeadership = true;
                Log.LeadershipLost(logger, ex);
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static async Task DisposeAsync(NpgsqlConnection? session)
    {
        if (session is not null)
            await session.DisposeAsync();
    }
}
