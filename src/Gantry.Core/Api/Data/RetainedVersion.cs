namespace Gantry.Core.Api.Data;

/// <summary>A version a delete kept, and why (a job read it, a model was trained from it).</summary>
public sealed record RetainedVersion(int Version, string Reason);
