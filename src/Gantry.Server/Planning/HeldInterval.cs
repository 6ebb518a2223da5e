namespace Gantry.Server.Planning;

/// <summary>One job attempt holding <see cref="Gpus"/> accelerators from <see cref="StartMs"/> to <see cref="EndMs"/> (Unix milliseconds).</summary>
internal readonly record struct HeldInterval(int Gpus, long StartMs, long EndMs);
