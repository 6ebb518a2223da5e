using Gantry.Core.Api;
using Gantry.Server.Accounts;
using Gantry.Server.Auth;
using Gantry.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Api;

internal static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/whoami", (Caller caller) => TypedResults.Ok(new WhoAmI(caller.User, caller.IsAdmin, caller.Memberships)))
            .WithTags("Accounts").WithName("WhoAmI").WithSummary("The user behind this token and their projects");

        var users = routes.MapGroup("/api/v1/users").WithTags("Accounts").RequireAuthorization(GantryPolicies.Admin);
        users.MapGet("/", async (AccountService accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListUsersAsync(ct)))
            .WithName("ListUsers").WithSummary("All users and their project roles (admin)");
        users.MapPost("/", CreateUserAsync).WithName("CreateUser").WithSummary("Create a user (admin)").Accepts<CreateUserRequest>("application/json");

        var projects = routes.MapGroup("/api/v1/projects").WithTags("Accounts");
        projects.MapGet("/", async (Caller caller, AccountService accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListProjectsAsync(caller, ct)))
            .WithName("ListProjects").WithSummary("Projects the caller has a role in (all for admins)");
        projects.MapPost("/", CreateProjectAsync).RequireAuthorization(GantryPolicies.Admin)
            .WithName("CreateProject").WithSummary("Create a project (admin)").Accepts<CreateProjectRequest>("application/json");
        projects.MapPut("/{project}/quota", SetQuotaAsync).RequireAuthorization(GantryPolicies.Admin).WithName("SetQuota")
            .WithSummary("Set a project's guaranteed quota, limit, cohort and fair-share weight (admin)").Accepts<SetQuotaRequest>("application/json");
        projects.MapPut("/{project}/members/{user}", SetMemberAsync).WithName("SetMember")
            .WithSummary("Give a user a role in a project (project admin)").Accepts<SetMemberRequest>("application/json");
        projects.MapDelete("/{project}/members/{user}", RemoveMemberAsync).WithName("RemoveMember")
            .WithSummary("Remove a user from a project (project admin)");

        var tokens = routes.MapGroup("/api/v1/tokens").WithTags("Accounts");
        tokens.MapPost("/", CreateTokenAsync).WithName("CreateToken").WithSummary("Create a token; the secret is shown only in this response")
            .Accepts<CreateTokenRequest>("application/json");
        tokens.MapGet("/", ListTokensAsync).WithName("ListTokens").WithSummary("Tokens of the caller, or of a user (admin)");
        tokens.MapDelete("/{id:long}", RevokeTokenAsync).WithName("RevokeToken").WithSummary("Revoke a token");
        return routes;
    }

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateUserAsync(
        HttpRequest request, Caller caller, AccountService accounts, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<CreateUserRequest>(request, options.Value.MaxRequestBytes, ct);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await accounts.CreateUserAsync(caller, body.Value, ct)).ToCreated(u => "/api/v1/users/" + u.Name);
    }

    private static async Task<Results<Created<ProjectView>, ProblemHttpResult>> CreateProjectAsync(
        HttpRequest request, Caller caller, AccountService accounts, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<CreateProjectRequest>(request, options.Value.MaxRequestBytes, ct);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await accounts.CreateProjectAsync(caller, body.Value, ct)).ToCreated(p => "/api/v1/projects/" + p.Name);
    }

    private static async Task<Results<Ok<MembershipView>, ProblemHttpResult>> SetMemberAsync(
        string project, string user, HttpRequest request, Caller caller, AccountService accounts, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<SetMemberRequest>(request, options.Value.MaxRequestBytes, ct);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await accounts.SetMemberAsync(caller, project, user, body.Value.Role, ct)).ToOk();
    }

    private static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> SetQuotaAsync(
        string project, HttpRequest request, Caller caller, AccountService accounts, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<SetQuotaRequest>(request, options.Value.MaxRequestBytes, ct);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await accounts.SetQuotaAsync(caller, project, body.Value, ct)).ToOk();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        string project, string user, Caller caller, AccountService accounts, CancellationToken ct)
    {
        var result = await accounts.SetMemberAsync(caller, project, user, null, ct);
        return result.IsOk ? TypedResults.NoContent() : Problems.From(result.Error);
    }

    private static async Task<Results<Created<TokenCreated>, ProblemHttpResult>> CreateTokenAsync(
        HttpRequest request, Caller caller, TokenService tokens, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = request.ContentLength == 0
            ? new CreateTokenRequest()
            : await RequestBody.ReadJsonAsync<CreateTokenRequest>(request, options.Value.MaxRequestBytes, ct) is var parsed && parsed.IsOk
                ? parsed.Value
                : null;
        if (body is null)
            return Problems.From((await RequestBody.ReadJsonAsync<CreateTokenRequest>(request, 0, ct)).Error!);
        return (await tokens.CreateAsync(caller, body, ct)).ToCreated(t => $"/api/v1/tokens/{t.Id}");
    }

    private static async Task<Results<Ok<IReadOnlyList<TokenView>>, ProblemHttpResult>> ListTokensAsync(
        string? user, Caller caller, TokenService tokens, CancellationToken ct) =>
        (await tokens.ListAsync(caller, user, ct)).ToOk();

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(long id, Caller caller, TokenService tokens, CancellationToken ct)
    {
        var result = await tokens.RevokeAsync(caller, id, ct);
        return result.IsOk ? TypedResults.NoContent() : Problems.From(result.Error);
    }
}
