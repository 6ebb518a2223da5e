using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Gantry.Server.Jobs;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Accounts;

/// <summary>Users, projects and memberships. Every change is audited and refreshes cached callers.</summary>
internal sealed class AccountService(MetadataStore store, MetadataWriter writer, CallerCache callers, JobSupervisor supervisor)
{
    public async Task<Outcome<UserView>> CreateUserAsync(Caller caller, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var target = "user/" + request.Name;
        var check = NameRules.Check(request.Name, "user name")
            ?? (request.Project is not null ? NameRules.Check(request.Project, "project") : null);
        if (check is not null)
            return await Audited(caller, "user.create", target, GantryError.Invalid(check), cancellationToken);
        if (request.Role is not null && request.Project is null)
            return await Audited(caller, "user.create", target, GantryError.Invalid("a role needs a project: pass project too"), cancellationToken);

        return await writer.WriteAsync(scope =>
        {
            if (scope.Db.Users.Find(request.Name) is not null)
                return Refuse(scope, caller, "user.create", target, GantryError.Conflict($"user '{request.Name}' already exists"));
            if (request.Project is not null && scope.Db.Projects.Find(request.Project) is null)
                return Refuse(scope, caller, "user.create", target, GantryError.NotFound($"project '{request.Project}' not found"));
            var user = new UserRecord { Name = request.Name, IsAdmin = request.IsAdmin ?? false, CreatedAtMs = scope.NowMs };
            scope.Db.Users.Add(user);
            var memberships = new List<MembershipView>();
            if (request.Project is not null)
            {
                var role = request.Role ?? Role.Member;
                scope.Db.Memberships.Add(new MembershipRecord { User = user.Name, Project = request.Project, Role = role });
                memberships.Add(new MembershipView(request.Project, role));
            }

            scope.Audit(caller.User, "user.create", target, "ok", user.IsAdmin ? "admin" : null);
            scope.AfterCommit(callers.Invalidate);
            return Outcome<UserView>.Ok(new UserView(user.Name, user.IsAdmin, scope.Now, memberships));
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(cancellationToken);
        var memberships = await db.Memberships.AsNoTracking().ToListAsync(cancellationToken);
        return users.Select(u => new UserView(
            u.Name,
            u.IsAdmin,
            DateTimeOffset.FromUnixTimeMilliseconds(u.CreatedAtMs),
            memberships.Where(m => m.User == u.Name).OrderBy(m => m.Project, StringComparer.Ordinal).Select(m => new MembershipView(m.Project, m.Role)).ToArray()))
            .ToArray();
    }

    public async Task<Outcome<ProjectView>> CreateProjectAsync(Caller caller, CreateProjectRequest request, CancellationToken cancellationToken)
    {
        var target = "project/" + request.Name;
        if (NameRules.Check(request.Name, "project name") is { } invalid)
            return await Audited(caller, "project.create", target, GantryError.Invalid(invalid), cancellationToken);
        return await writer.WriteAsync(scope =>
        {
            if (scope.Db.Projects.Find(request.Name) is not null)
                return Refuse(scope, caller, "project.create", target, GantryError.Conflict($"project '{request.Name}' already exists"));
            scope.Db.Projects.Add(new ProjectRecord { Name = request.Name, CreatedAtMs = scope.NowMs });
            scope.Audit(caller.User, "project.create", target, "ok");
            return Outcome<ProjectView>.Ok(new ProjectView(request.Name, scope.Now));
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ProjectView>> ListProjectsAsync(Caller caller, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var projects = await db.Projects.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return projects.Where(p => caller.CanSee(p.Name))
            .Select(p => new ProjectView(p.Name, DateTimeOffset.FromUnixTimeMilliseconds(p.CreatedAtMs), QuotaText.ViewOf(p))).ToArray();
    }

    /// <summary>Sets a project's quota (admins only: quotas share the cluster between projects).</summary>
    public async Task<Outcome<ProjectView>> SetQuotaAsync(Caller caller, string project, SetQuotaRequest request, CancellationToken cancellationToken)
    {
        var target = $"project/{project}/quota";
        return await writer.WriteAsync(scope =>
        {
            var record = scope.Db.Projects.Find(project);
            if (record is null)
                return Refuse(scope, caller, "project.set_quota", target, GantryError.NotFound($"project '{project}' not found"));
            if (QuotaText.Apply(request, record) is { } invalid)
                return Refuse(scope, caller, "project.set_quota", target, invalid);
            var view = QuotaText.ViewOf(record);
            scope.Audit(caller.User, "project.set_quota", target, "ok",
                $"guaranteed {record.QuotaGpus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"} GPUs, limit {record.LimitGpus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, cohort {record.Cohort ?? "none"}, weight {record.Weight}");
            scope.AfterCommit(supervisor.Wake);
            return Outcome<ProjectView>.Ok(new ProjectView(record.Name, DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAtMs), view));
        }, cancellationToken);
    }

    public async Task<Outcome<MembershipView>> SetMemberAsync(Caller caller, string project, string user, Role? role, CancellationToken cancellationToken)
    {
        var action = role is null ? "project.remove_member" : "project.set_member";
        var target = $"project/{project}/member/{user}";
        if ((NameRules.Check(project, "project") ?? NameRules.Check(user, "user")) is { } invalid)
            return await Audited(caller, action, target, GantryError.Invalid(invalid), cancellationToken);
        if (ProjectAccess.Require(caller, project, Role.Admin, "managing members") is { } denied)
            return await Audited(caller, action, target, denied, cancellationToken);
        return await writer.WriteAsync(scope =>
        {
            if (scope.Db.Projects.Find(project) is null)
                return Refuse(scope, caller, action, target, GantryError.NotFound($"project '{project}' not found"));
            if (scope.Db.Users.Find(user) is null)
                return Refuse(scope, caller, action, target, GantryError.NotFound($"user '{user}' not found"));
            var existing = scope.Db.Memberships.Find(user, project);
            if (role is null)
            {
                if (existing is null)
                    return Refuse(scope, caller, action, target, GantryError.NotFound($"user '{user}' is not a member of project '{project}'"));
                scope.Db.Memberships.Remove(existing);
            }
            else if (existing is null)
            {
                scope.Db.Memberships.Add(new MembershipRecord { User = user, Project = project, Role = role.Value });
            }
            else
            {
                existing.Role = role.Value;
            }

            scope.Audit(caller.User, action, target, "ok", role?.ToString().ToLowerInvariant());
            scope.AfterCommit(callers.Invalidate);
            return Outcome<MembershipView>.Ok(new MembershipView(project, role ?? existing!.Role));
        }, cancellationToken);
    }

    private async Task<GantryError> Audited(Caller caller, string action, string target, GantryError error, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(scope => Refuse(scope, caller, action, target, error), cancellationToken);
        return error;
    }

    internal static GantryError Refuse(WriteScope scope, Caller caller, string action, string target, GantryError error)
    {
        scope.Audit(caller.User, action, target, error.Kind.ToString().ToLowerInvariant(), error.Message);
        return error;
    }
}
