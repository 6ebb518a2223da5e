namespace Gantry.Core.Api.Cost;

/// <summary>The price of one GPU-hour of a GPU model on a node, how many the node has, and its source.</summary>
public sealed record GpuRateView(string Model, int Count, double UsdPerHour, string Source);
