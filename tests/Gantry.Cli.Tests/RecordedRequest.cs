using System.Text.Json;
using System.Web;
using Gantry.Core;

namespace Gantry.Cli.Tests;

/// <summary>A request <see cref="FakeServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Authority, string Path, string Query, string? Authorization, string? Body)
{
    public T BodyAs<T>() => JsonSerializer.Deserialize<T>(Body!, GantryJson.Options)!;

    public string? QueryValue(string name) => HttpUtility.ParseQueryString(Query)[name];
}
