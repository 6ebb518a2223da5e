namespace Gantry.Server.Hosting;

/// <summary>Where things live under the data directory.</summary>
internal sealed record ServerPaths(string DataDir)
{
    public string DatabasePath => Path.Combine(DataDir, "gantry.db");

    public string AdminTokenPath => Path.Combine(DataDir, "admin.token");

    public string JobsDir => Path.Combine(DataDir, "jobs");

    public string BlobsDir => Path.Combine(DataDir, "blobs");

    public string JobDir(long jobId) => Path.Combine(JobsDir, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
