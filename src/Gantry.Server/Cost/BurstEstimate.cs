namespace Gantry.Server.Cost;

/// <summary>
/// What running a job in a cloud pool instead of on-premises is estimated to cost extra: the GPU-hour price
/// difference × GPUs (per hour), and × its time limit when it has one (the expected duration).
/// </summary>
internal sealed record BurstEstimate(string Pool, double CloudUsdPerGpuHour, double OnPremUsdPerGpuHour, double Gpus, double ExtraUsdPerHour, double? Hours)
{
    public double? ExtraUsd => Hours is { } h ? ExtraUsdPerHour * h : null;

    public string Describe() =>
        $"estimated extra cost in cloud pool '{Pool}': ({Money.Usd(CloudUsdPerGpuHour)} − {Money.Usd(OnPremUsdPerGpuHour)} per GPU-hour) × {Gpus:0.###} GPU(s)"
        + (Hours is { } h ? $" × {h:0.##} h (its time limit) = {Money.Usd(ExtraUsd!.Value)}" : $" = {Money.Usd(ExtraUsdPerHour)} per hour (it has no time limit)");
}
