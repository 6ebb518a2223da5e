namespace Gantry.Planning.Calibration;

/// <summary>
/// One published run against the planner: the MFU it implies (or reported), the class default, and the planner's
/// error on the run's time, predicted / published − 1.
/// </summary>
internal sealed record CalibrationRow(PublishedRun Run, string GpuClass, double ImpliedMfu, double DefaultMfu)
{
    public double TimeError => ImpliedMfu / DefaultMfu - 1;
}
