namespace Gantry.Blobs.Tests;

/// <summary>
/// The rule for tests that need something installed: skip when it is absent, unless GANTRY_REQUIRE_ALL=1
/// (CI with everything installed), where an absence is a failure.
/// </summary>
internal static class Requirements
{
    public static bool RequireAll => Environment.GetEnvironmentVariable("GANTRY_REQUIRE_ALL") == "1";

    public static void Require(bool available, string reason)
    {
        if (available)
            return;
        if (RequireAll)
            Assert.Fail($"{reason} (GANTRY_REQUIRE_ALL=1 makes this a failure)");
        Assert.Skip(reason);
    }
}
