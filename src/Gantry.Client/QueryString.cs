using System.Globalization;
using System.Text;

namespace Gantry.Client;

/// <summary>Builds "path?a=1&amp;b=x" from the parameters that have a value.</summary>
internal sealed class QueryString(string path)
{
    private readonly StringBuilder _text = new(path);
    private bool _any;

    public QueryString Add(string name, string? value)
    {
        if (value is null)
            return this;
        _text.Append(_any ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _any = true;
        return this;
    }

    public QueryString Add(string name, long? value) =>
        Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => _text.ToString();
}
