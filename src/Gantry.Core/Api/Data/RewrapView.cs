namespace Gantry.Core.Api.Data;

/// <summary>The result of <c>gantry data rotate-key</c>: the new current key and how many chunks were re-wrapped under it.</summary>
public sealed record RewrapView(string CurrentKeyId, bool KeyAdded, long Examined, long Rewrapped);
