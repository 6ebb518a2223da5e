namespace Gantry.Scheduling.Model;

/// <summary>
/// Stop running job <see cref="JobId"/> so that <see cref="ForJobId"/> can start: signal it
/// (<c>SIGTERM</c> and <c>GANTRY_PREEMPT_FILE</c>) so it can checkpoint, kill it after
/// <see cref="GraceSeconds"/>, and requeue it keeping its place and attempt count.
/// </summary>
public sealed record Preemption(long JobId, long ForJobId, PreemptionReason Reason, double GraceSeconds)
{
    public string Describe() => Reason switch
    {
        PreemptionReason.HigherPriority => $"job {JobId} is preempted for job {ForJobId}, which has a higher priority; it has {GraceSeconds:0} s to checkpoint and will be requeued",
        _ => $"job {JobId} runs on borrowed quota and is preempted so that job {ForJobId} gets its project's guaranteed share back; it has {GraceSeconds:0} s to checkpoint and will be requeued",
    };
}
