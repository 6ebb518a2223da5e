using System.Diagnostics;

namespace Gantry.Execution.Tests.Support;

/// <summary>
/// Skips a test when no Slurm answers (the localhost Slurm of .ci/start-slurm), naming what to install — unless
/// GANTRY_REQUIRE_ALL=1 (set by .ci/run), where a missing Slurm fails the test instead.
/// </summary>
public static class SlurmRequirement
{
    private const string What = "needs Slurm: see .ci/run start_services (.ci/start-slurm; apt-get install slurm-wlm munge)";
    private static readonly Lazy<bool> Answers = new(() => Run("sinfo", "-h", "-o", "%t").ExitCode == 0);

    public static void Require()
    {
        var present = Environment.GetEnvironmentVariable("GANTRY_TEST_SLURM") == "1" || Answers.Value;
        if (Environment.GetEnvironmentVariable("GANTRY_REQUIRE_ALL") == "1")
            Assert.True(present, "GANTRY_REQUIRE_ALL=1 but this test " + What);
        Assert.SkipUnless(present, "this test " + What);
    }

    /// <summary>Runs a Slurm command (squeue, scontrol) and returns its exit code and output; -1 when it is not installed.</summary>
    public static (int ExitCode, string Stdout) Run(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;
            return (process.ExitCode, stdout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
