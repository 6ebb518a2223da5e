using System.Diagnostics;
using System.Globalization;

namespace Gantry.IntegrationTests;

/// <summary>
/// The localhost Slurm that .ci/run starts (.ci/start-slurm: node "localhost", 4 GRES GPUs) and test servers with a
/// <c>Pools:slurm</c> pool on it. Each server gets its own Slurm job-name prefix, so its jobs can be found in squeue.
/// </summary>
internal static class SlurmSupport
{
    public const string Pool = "slurm";
    private static readonly Lazy<bool> Answers = new(() => Run("sinfo", "-h", "-o", "%t").ExitCode == 0);

    public static void Require() =>
        Requirements.Require(Environment.GetEnvironmentVariable("GANTRY_TEST_SLURM") == "1" || Answers.Value,
            "needs Slurm: see .ci/run start_services (.ci/start-slurm; apt-get install slurm-wlm munge)");

    /// <summary>Test settings plus a Slurm pool; the local node has no GPUs, so GPU jobs can only go to Slurm.</summary>
    public static Dictionary<string, string?> Config(string prefix)
    {
        var config = TestServer.DefaultConfig(gpus: 0);
        config["Pools:slurm:Kind"] = "slurm";
        config["Pools:slurm:Slurm:Partition"] = "main";   // node localhost only; partition multi adds gnode2 (SlurmMultiNodeTests)
        config["Pools:slurm:Slurm:PollInterval"] = "00:00:00.200";
        config["Pools:slurm:Slurm:JobNamePrefix"] = prefix;
        config["Pools:slurm:Slurm:TimeLimitMargin"] = "00:01:00";
        return config;
    }

    public static string NewPrefix() => "gt" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The Slurm jobs (any state Slurm still remembers) named PREFIX-ID: id|state per line.</summary>
    public static string[] SlurmJobs(string prefix, long gantryJobId)
    {
        var result = Run("squeue", "-h", "-t", "all", "-n", $"{prefix}-{gantryJobId.ToString(CultureInfo.InvariantCulture)}", "-o", "%i|%T");
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static (int ExitCode, string Stdout) Run(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stdout = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
