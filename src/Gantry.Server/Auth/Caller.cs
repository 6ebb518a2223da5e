using System.Reflection;
using Gantry.Core.Api;

namespace Gantry.Server.Auth;

/// <summary>The authenticated user behind a request, with their project roles.</summary>
internal sealed record Caller(string User, bool IsAdmin, IReadOnlyDictionary<string, Role> Projects, long TokenId)
{
    /// <summary>Lets minimal-API handlers take a <see cref="Caller"/> parameter.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        _ = parameter;
        return ValueTask.FromResult(context.Features.Get<Caller>());
    }

    /// <summary>The one deployment a deployment-scoped token may call; such a caller has no project roles.</summary>
    public string? Deployment { get; init; }

    public Role? RoleIn(string project) =>
        IsAdmin ? Role.Admin : Projects.TryGetValue(project, out var role) ? role : null;

    public bool CanSee(string project) => RoleIn(project) is not null;

    public IReadOnlyList<MembershipView> Memberships =>
        Projects.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new MembershipView(p.Key, p.Value)).ToArray();
}
