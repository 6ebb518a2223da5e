using System.Globalization;
using Gantry.Planning.Cost;

namespace Gantry.Planning.Tests.Cost;

public sealed class BudgetMathTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void Months_AreCalendarMonthsInUtc()
    {
        Assert.Equal(At("2026-05-01T00:00:00Z"), BudgetMath.MonthStart(At("2026-05-31T23:59:59Z")));
        Assert.Equal(At("2026-06-01T00:00:00Z"), BudgetMath.MonthStart(At("2026-05-31T23:30:00-01:00")));
        Assert.Equal(At("2027-01-01T00:00:00Z"), BudgetMath.NextMonthStart(At("2026-12-15T12:00:00Z")));
        Assert.Equal("2026-05", BudgetMath.MonthKey(At("2026-05-10T00:00:00Z")));
    }

    [Fact]
    public void Crossed_ListsEveryThresholdTheSpendReached()
    {
        Assert.Empty(BudgetMath.Crossed(49.99, 100, [0.5, 0.8, 1.0]));
        Assert.Equal([0.5], BudgetMath.Crossed(50, 100, [0.8, 0.5, 1.0]));
        Assert.Equal([0.5, 0.8, 1.0], BudgetMath.Crossed(120, 100, [0.5, 0.8, 1.0]));
    }

    [Fact]
    public void Check_RefusesBudgetsThatCannotBeKept()
    {
        Assert.Null(BudgetMath.Check(5000, [0.5, 0.8, 1]));
        Assert.Contains("positive", BudgetMath.Check(0, null)!.Message, StringComparison.Ordinal);
        Assert.Contains("threshold 0", BudgetMath.Check(10, [0])!.Message, StringComparison.Ordinal);
        Assert.Contains("threshold 11", BudgetMath.Check(10, [11])!.Message, StringComparison.Ordinal);
        Assert.Equal([0.5, 0.8, 1.0], BudgetMath.Normalize(null));
        Assert.Equal([0.5, 1.0], BudgetMath.Normalize([1.0, 0.5, 1.0]));
    }
}
