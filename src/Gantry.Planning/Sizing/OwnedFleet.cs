namespace Gantry.Planning.Sizing;

/// <summary>What owning GPUs costs: the purchase spread over its life, operations, and electricity.</summary>
internal sealed record OwnedFleet(
    double CapexPerGpuUsd,
    double AmortizationYears,
    double OperationsFractionPerYear,
    double PowerKwPerGpu,
    double Pue,
    double ElectricityUsdPerKwh,
    double IdlePowerFraction)
{
    public const double HoursPerYear = 8760;

    /// <summary>Capital cost of <paramref name="gpus"/> GPUs over <paramref name="years"/>: straight-line depreciation, re-bought at end of life.</summary>
    public double Capex(double gpus, double years) => gpus * CapexPerGpuUsd * years / AmortizationYears;

    /// <summary>Support contracts, staff and space, as a yearly share of the purchase price.</summary>
    public double Operations(double gpus, double years) => gpus * CapexPerGpuUsd * OperationsFractionPerYear * years;

    /// <summary>
    /// Electricity: busy GPUs draw rated power, idle ones <see cref="IdlePowerFraction"/> of it; the facility
    /// multiplies it by its PUE.
    /// </summary>
    public double Energy(double gpus, double years, double utilization)
    {
        var drawn = IdlePowerFraction + (1 - IdlePowerFraction) * utilization;
        return gpus * PowerKwPerGpu * HoursPerYear * years * drawn * Pue * ElectricityUsdPerKwh;
    }

    public double Total(double gpus, double years, double utilization) =>
        Capex(gpus, years) + Operations(gpus, years) + Energy(gpus, years, utilization);

    /// <summary>Dollars per GPU-hour of work at the given utilisation: idle hours are paid for too.</summary>
    public double UsdPerUsedGpuHour(double utilization) =>
        Total(1, 1, utilization) / (HoursPerYear * utilization);

    /// <summary>
    /// The utilisation u at which owning equals renting on demand at <paramref name="onDemandUsdPerGpuHour"/>:
    /// fixed + energy(u) = gpus · hours · u · price, linear in u, so u = (fixed + idle energy) / (price·hours −
    /// busy energy slope). Null when renting is cheaper at every utilisation up to 1.
    /// </summary>
    public double? BreakEvenUtilization(double onDemandUsdPerGpuHour)
    {
        var fixedPerYear = Capex(1, 1) + Operations(1, 1) + Energy(1, 1, 0);
        var energySlope = Energy(1, 1, 1) - Energy(1, 1, 0);
        var cloudSlope = onDemandUsdPerGpuHour * HoursPerYear;
        if (cloudSlope <= energySlope)
            return null;
        var u = fixedPerYear / (cloudSlope - energySlope);
        return u <= 1 ? u : null;
    }
}
