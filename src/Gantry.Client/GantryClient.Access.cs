using Gantry.Core.Api;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>Who the token belongs to, and their projects.</summary>
    public Task<WhoAmI> WhoAmIAsync(CancellationToken cancellationToken = default) =>
        GetAsync<WhoAmI>("api/v1/whoami", cancellationToken);

    public Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UserView>>("api/v1/users", cancellationToken);

    public Task<UserView> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<UserView>(HttpMethod.Post, "api/v1/users", request, cancellationToken);

    public Task<IReadOnlyList<ProjectView>> ListProjectsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ProjectView>>("api/v1/projects", cancellationToken);

    public Task<ProjectView> CreateProjectAsync(CreateProjectRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectView>(HttpMethod.Post, "api/v1/projects", request, cancellationToken);

    /// <summary>Adds <paramref name="user"/> to <paramref name="project"/>, or changes their role there.</summary>
    public Task<MembershipView> SetMemberAsync(string project, string user, Role role, CancellationToken cancellationToken = default) =>
        SendAsync<MembershipView>(HttpMethod.Put, MemberPath(project, user), new SetMemberRequest(role), cancellationToken);

    public Task RemoveMemberAsync(string project, string user, CancellationToken cancellationToken = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, MemberPath(project, user), cancellationToken);

    /// <summary>Creates a token; <see cref="TokenCreated.Token"/> is the only time its secret is shown.</summary>
    public Task<TokenCreated> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<TokenCreated>(HttpMethod.Post, "api/v1/tokens", request, cancellationToken);

    /// <summary>Tokens of <paramref name="user"/>, or of the caller when null.</summary>
    public Task<IReadOnlyList<TokenView>> ListTokensAsync(string? user = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TokenView>>(new QueryString("api/v1/tokens").Add("user", user).ToString(), cancellationToken);

    public Task RevokeTokenAsync(long id, CancellationToken cancellationToken = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, "api/v1/tokens/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    private static string MemberPath(string project, string user) =>
        $"api/v1/projects/{Uri.EscapeDataString(project)}/members/{Uri.EscapeDataString(user)}";
}
