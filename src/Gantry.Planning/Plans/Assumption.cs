namespace Gantry.Planning.Plans;

/// <summary>One input a plan used that the caller did not give, or gave: its value and where the figure comes from.</summary>
public sealed record Assumption(string Name, string Value, string Source);
