namespace Gantry.Server;

/// <summary>What <c>gantry server</c> was started with; everything else comes from configuration.</summary>
/// <param name="Listen">Address to listen on, e.g. "127.0.0.1:8080" or "http://0.0.0.0:9000".</param>
/// <param name="DataDir">Directory for metadata, blobs, job logs and the admin token.</param>
/// <param name="Dev">Embedded defaults: SQLite, local blobs, local executor.</param>
/// <param name="ConfigPath">Optional gantry.yaml.</param>
public sealed record ServerSettings(string Listen = "127.0.0.1:8080", string DataDir = ".gantry", bool Dev = true, string? ConfigPath = null);
