namespace Gantry.Storage.Tests;

/// <summary>
/// Skips a test whose outside component is missing, naming what to install — unless GANTRY_REQUIRE_ALL=1
/// (set by .ci/run), where a missing component fails the test instead.
/// </summary>
internal static class Requirements
{
    public static void Require(bool present, string whatToInstall)
    {
        if (Environment.GetEnvironmentVariable("GANTRY_REQUIRE_ALL") == "1")
            Assert.True(present, "GANTRY_REQUIRE_ALL=1 but this test " + whatToInstall);
        Assert.SkipUnless(present, "this test " + whatToInstall);
    }
}
