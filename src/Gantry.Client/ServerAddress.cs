using Gantry.Core;

namespace Gantry.Client;

/// <summary>Server addresses as people type them: "127.0.0.1:8080", "gpu-box:8080", "https://gantry.example.com".</summary>
public static class ServerAddress
{
    public const string Default = "http://127.0.0.1:8080";

    /// <summary>Parses <paramref name="text"/> into an absolute http(s) base address ending in '/'.</summary>
    public static Outcome<Uri> Parse(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
            return GantryError.Invalid("the server address must not be empty");
        if (!s.Contains("://", StringComparison.Ordinal))
            s = "http://" + s;
        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return GantryError.Invalid($"'{text}' is not a server address like http://127.0.0.1:8080");
        }

        var builder = new UriBuilder(uri);
        if (!builder.Path.EndsWith('/'))
            builder.Path += "/";
        return builder.Uri;
    }

    /// <summary>The address as people write it: no trailing slash.</summary>
    public static string Display(Uri address) => address.AbsoluteUri.TrimEnd('/');

    /// <summary>Whether two addresses name the same server (scheme, host, port and path).</summary>
    public static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
