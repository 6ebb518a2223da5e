namespace Gantry.Server.Data;

/// <summary>What a launch needs to know of a job's data: its input paths under <c>work/</c>, whether it writes outputs, whether it has inputs to materialise.</summary>
internal sealed record JobBindings(IReadOnlyList<string> InputPaths, bool WritesOutputs, bool HasInputs)
{
    public static JobBindings None { get; } = new([], false, false);
}
