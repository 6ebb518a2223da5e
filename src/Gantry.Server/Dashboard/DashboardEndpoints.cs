using System.Text;
using Gantry.Server.Dashboard;

namespace Gantry.Server;

/// <summary>
/// The web dashboard at /dashboard/: one HTML page, plain ES-module JavaScript and CSS held in the
/// assembly (no front-end build step). The files carry no data and are served without a token; every
/// data call the page makes sends the bearer token the user pasted on its login form.
/// </summary>
internal static class DashboardEndpoints
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Results.Redirect("/dashboard/")).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/dashboard/{**file}", Serve).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext context, string? file)
    {
        // Routing ignores a trailing slash, so "/dashboard" lands here too; the page's relative links need the slash.
        if (string.IsNullOrEmpty(file) && !context.Request.Path.Value!.EndsWith('/'))
            return Results.Redirect("/dashboard/");
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        if (!DashboardAssets.Files.TryGetValue(name, out var asset))
            return Results.NotFound();
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Text(asset.Content, asset.ContentType, Encoding.UTF8);
    }
}
