using System.Globalization;
using Gantry.Core.Api;
using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>The tables of users, projects and tokens.</summary>
internal static class AccessTables
{
    public static Table Users(IEnumerable<UserView> users, DateTimeOffset now)
    {
        var table = TableFactory.Create("NAME", "ADMIN", "PROJECTS", "AGE");
        foreach (var u in users)
            table.AddTextRow(u.Name, u.IsAdmin ? "yes" : "no", Memberships(u.Projects), TimeText.Since(u.CreatedAt, now));
        return table;
    }

    public static Table Projects(IEnumerable<ProjectView> projects, DateTimeOffset now)
    {
        var table = TableFactory.Create("NAME", "CREATED", "AGE");
        foreach (var p in projects)
            table.AddTextRow(p.Name, TimeText.Stamp(p.CreatedAt), TimeText.Since(p.CreatedAt, now));
        return table;
    }

    public static Table Tokens(IEnumerable<TokenView> tokens, DateTimeOffset now)
    {
        var table = TableFactory.Create("ID", "NAME", "USER", "CREATED", "EXPIRES", "STATUS");
        foreach (var t in tokens)
        {
            table.AddTextRow(
                t.Id.ToString(CultureInfo.InvariantCulture),
                t.Name,
                t.User,
                TimeText.Stamp(t.CreatedAt),
                t.ExpiresAt is null ? "never" : TimeText.Stamp(t.ExpiresAt),
                TokenStatus(t, now));
        }

        return table;
    }

    /// <summary>"ml (member), vision (viewer)", or "-".</summary>
    public static string Memberships(IReadOnlyList<MembershipView> projects) =>
        projects.Count == 0 ? TimeText.None : string.Join(", ", projects.Select(m => $"{m.Project} ({RoleText.Format(m.Role)})"));

    private static string TokenStatus(TokenView token, DateTimeOffset now) =>
        token.RevokedAt is not null ? "revoked"
        : token.ExpiresAt is { } expires && expires <= now ? "expired"
        : "active";
}
