namespace Gantry.Core.Api;

/// <summary>The ids a submission created; for an array, one per task, and the array's id.</summary>
public sealed record SubmitResponse(IReadOnlyList<long> JobIds, long? ArrayId);
