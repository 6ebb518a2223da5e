namespace Gantry.Client;

/// <summary>What <c>gantry login</c> saves: the server and the token to use with it.</summary>
public sealed record ClientConfig(string Address, string Token);
