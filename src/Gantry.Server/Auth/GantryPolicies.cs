namespace Gantry.Server.Auth;

internal static class GantryPolicies
{
    public const string Admin = "admin";
}
