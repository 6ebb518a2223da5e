using System.Globalization;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;

namespace Gantry.Planning;

/// <summary>Collects what a plan assumed, given or defaulted, in the order it was used.</summary>
internal sealed class AssumptionLog
{
    public const string Given = "given";

    private readonly List<Assumption> _items = [];

    public IReadOnlyList<Assumption> Items => _items;

    public void Add(string name, string value, string source) => _items.Add(new Assumption(name, value, source));

    public void Add(string name, double value, string source) => Add(name, Format(value), source);

    /// <summary>The given value, else the catalog default; either way recorded with its source.</summary>
    public double Pick(string name, double? given, SourcedValue fallback)
    {
        var value = given ?? fallback.Value;
        Add(name, value, given is null ? fallback.Source : Given);
        return value;
    }

    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
