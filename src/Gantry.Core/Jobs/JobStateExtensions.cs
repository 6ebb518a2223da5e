namespace Gantry.Core.Jobs;

public static class JobStateExtensions
{
    public static bool IsFinal(this JobState state) =>
        state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
