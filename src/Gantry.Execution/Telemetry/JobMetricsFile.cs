namespace Gantry.Execution.Telemetry;

/// <summary>The file a job appends its own metrics to, one JSON object per line; <c>$GANTRY_METRICS</c> names it.</summary>
public static class JobMetricsFile
{
    /// <summary>The file's name inside the job directory.</summary>
    public const string FileName = "metrics.jsonl";

    /// <summary>The environment variable that carries the file's path to the job.</summary>
    public const string Variable = "GANTRY_METRICS";

    /// <summary>The file's path for a job directory.</summary>
    public static string PathIn(string jobDirectory) => Path.Combine(Path.GetFullPath(jobDirectory), FileName);
}
