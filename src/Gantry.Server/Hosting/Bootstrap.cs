using Gantry.Core.Api;
using Gantry.Server.Auth;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Hosting;

/// <summary>
/// First start: creates the admin user, the "default" project and an admin token, writes the
/// token to &lt;data-dir&gt;/admin.token (mode 0600) and returns it so it is printed once.
/// </summary>
internal static class Bootstrap
{
    public const string AdminUser = "admin";
    public const string DefaultProject = "default";

    public static async Task<string?> EnsureAdminAsync(MetadataStore store, MetadataWriter writer, ServerPaths paths, CancellationToken cancellationToken)
    {
        await using (var db = store.CreateContext())
        {
            if (await db.Users.AnyAsync(cancellationToken))
                return null;
        }

        var token = TokenSecrets.Generate();
        // The token is on disk before the commit (if the server dies in between, the next start finds no
        // users and makes a new one) but takes the place of admin.token only once committed: a second server
        // bootstrapping the same shared database at the same moment finds the user in its write and leaves
        // the first one's file alone.
        var pending = $"{paths.AdminTokenPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        WriteSecretFile(pending, token + "\n");
        var created = await writer.WriteAsync(scope =>
        {
            if (scope.Db.Users.Any())
                return false;
            scope.Db.Users.Add(new UserRecord { Name = AdminUser, IsAdmin = true, CreatedAtMs = scope.NowMs });
            if (scope.Db.Projects.Find(DefaultProject) is null)
                scope.Db.Projects.Add(new ProjectRecord { Name = DefaultProject, CreatedAtMs = scope.NowMs });
            scope.Db.Memberships.Add(new MembershipRecord { User = AdminUser, Project = DefaultProject, Role = Role.Admin });
            scope.Db.Tokens.Add(new TokenRecord
            {
                Id = scope.NextTokenId(),
                Name = "bootstrap",
                User = AdminUser,
                Hash = TokenSecrets.Hash(token),
                CreatedAtMs = scope.NowMs,
            });
            scope.Audit("gantry", "server.bootstrap", "user/" + AdminUser, "ok", "created admin user, default project and admin token");
            return true;
        }, cancellationToken);
        if (!created)
        {
            File.Delete(pending);
            return null;
        }

        File.Move(pending, paths.AdminTokenPath, overwrite: true);
        return token;
    }

    private static void WriteSecretFile(string path, string content)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var file = new FileStream(temp, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(content);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }
}
