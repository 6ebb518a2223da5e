using Gantry.Core;

namespace Gantry.Planning.Tests;

/// <summary>Unwraps outcomes in tests, showing the planner's sentence when one fails unexpectedly.</summary>
internal static class Expect
{
    public static T Ok<T>(Outcome<T> outcome)
    {
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        return outcome.Value!;
    }

    public static string Invalid<T>(Outcome<T> outcome)
    {
        Assert.False(outcome.IsOk, "expected an error, got a plan");
        Assert.Equal(ErrorKind.Invalid, outcome.Error!.Kind);
        return outcome.Error.Message;
    }

    /// <summary>Relative closeness: |actual − expected| ≤ tolerance · |expected|.</summary>
    public static void Near(double expected, double actual, double tolerance)
    {
        var error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"expected {expected:G6}, got {actual:G6} ({error:P2} off, allowed {tolerance:P2})");
    }
}
