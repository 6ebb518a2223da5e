namespace Gantry.Cli.Commands.Planning;

/// <summary>A workload planned again for the hardware at hand: its time there, whether it fits, and the fewest GPUs of that kind it needs.</summary>
internal sealed record Replanned(double? WallClockHours, bool Fits, int MinGpus, double Mfu, string Layout);
