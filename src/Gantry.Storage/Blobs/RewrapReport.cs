namespace Gantry.Storage.Blobs;

/// <summary>The result of <see cref="ChunkStore.RewrapAsync"/>: how many chunks were looked at and how many got a new wrap.</summary>
public sealed record RewrapReport(long Examined, long Rewrapped, string CurrentKeyId);
