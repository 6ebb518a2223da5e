namespace Gantry.Planning.Sizing;

/// <summary>A layout and the memory it needs on its busiest GPU.</summary>
internal sealed record LayoutFit(ParallelLayout Layout, double ModelStatesBytes, double ActivationBytes)
{
    public double TotalBytes => ModelStatesBytes + ActivationBytes;
}
