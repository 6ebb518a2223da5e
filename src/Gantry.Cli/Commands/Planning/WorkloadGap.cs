namespace Gantry.Cli.Commands.Planning;

/// <summary>
/// One check of a workload against the hardware: what it needs and what there is, in <see cref="Unit"/>
/// (gpus, bytes or hours), whether that is enough (null: for information), and a sentence.
/// </summary>
internal sealed record WorkloadGap(string Item, double? Need, double? Have, string Unit, bool? Ok, string Detail);
