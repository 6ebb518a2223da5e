namespace Gantry.Planning.Cost;

/// <summary>
/// OpenCost's default prices (configs/default.json, "Default prices based on GCP us-central1"). Gantry uses them
/// as the default CPU and memory rates of cloud pools, and as the weights that split an owned node's hourly cost
/// between its GPUs, CPUs and memory in proportion to what renting each would cost.
/// </summary>
public static class RentalWeights
{
    public const double CpuUsdPerHour = 0.031611;
    public const double MemoryUsdPerGibHour = 0.004237;
    public const double GpuUsdPerHour = 0.95;

    public const string Source = "OpenCost default price (opencost/opencost configs/default.json, GCP us-central1 on-demand)";
}
