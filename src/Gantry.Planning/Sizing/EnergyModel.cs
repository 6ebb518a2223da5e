namespace Gantry.Planning.Sizing;

/// <summary>Energy of a run.</summary>
internal static class EnergyModel
{
    /// <summary>
    /// kWh = GPU-hours × power per GPU × PUE, the method of the LLaMA paper (section 6.1: Wh = GPU-h × GPU power ×
    /// PUE) and the Llama 2 and 3.1 model cards (TDP as power, adjusted for PUE). Llama 2 70B: 1,720,320 A100
    /// GPU-hours at 400 W = 688,128 kWh before PUE.
    /// </summary>
    public static double Kwh(double gpuHours, double powerWPerGpu, double hostPowerFactor, double pue) =>
        gpuHours * powerWPerGpu / 1000 * hostPowerFactor * pue;
}
