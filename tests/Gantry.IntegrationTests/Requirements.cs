using System.Diagnostics;

namespace Gantry.IntegrationTests;

/// <summary>
/// Skips a test whose outside component is missing, naming what to install — unless
/// GANTRY_REQUIRE_ALL=1 (set by .ci/run), where a missing component fails the test instead.
/// </summary>
internal static class Requirements
{
    public static void Require(bool present, string whatToInstall)
    {
        if (Environment.GetEnvironmentVariable("GANTRY_REQUIRE_ALL") == "1")
            Assert.True(present, "GANTRY_REQUIRE_ALL=1 but this test " + whatToInstall);
        Assert.SkipUnless(present, "this test " + whatToInstall);
    }

    /// <summary>Whether /usr/bin/python3 imports all of <paramref name="modules"/>.</summary>
    public static bool PythonHas(params string[] modules)
    {
        if (!File.Exists("/usr/bin/python3"))
            return false;
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import " + string.Join(", ", modules)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        python.WaitForExit();
        return python.ExitCode == 0;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gantry.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
