namespace Gantry.Core.Api;

/// <summary>A project; <see cref="Quota"/> is shown when one is set.</summary>
public sealed record ProjectView(string Name, DateTimeOffset CreatedAt, QuotaView? Quota = null);
