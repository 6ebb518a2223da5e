namespace Gantry.Core.Api;

/// <summary>An amount of GPUs, CPUs and memory; null parts are unconstrained (or zero in a guarantee).</summary>
public sealed record ResourceAmounts(double? Gpus = null, double? Cpus = null, string? Memory = null);
