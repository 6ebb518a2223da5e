namespace Gantry.Execution.Slurm;

/// <summary>
/// One element of a Slurm array submission, prepared: its request, the argv it runs, its job directory and exit file.
/// Its Slurm array task id is its Gantry array index, so <c>scancel 123_4</c> stops the element with index 4.
/// </summary>
internal sealed record ArrayElement(LaunchRequest Request, IReadOnlyList<string> Command, string JobDirectory, string ExitFile)
{
    public int TaskId => Request.ArrayIndex ?? throw new InvalidOperationException($"job {Request.JobId} is not an array element");
}
