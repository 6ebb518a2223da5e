using Gantry.Core.Hardware;

namespace Gantry.Execution;

/// <summary>
/// One attempt of one task, placed by the scheduler. <see cref="JobDirectory"/> is owned by the
/// server (<c>&lt;data-dir&gt;/jobs/&lt;id&gt;</c>); the executor writes the task's working directory,
/// output directory and logs under it.
/// </summary>
public sealed record LaunchRequest(
    long JobId,
    int Attempt,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Env,
    string JobDirectory,
    string Node,
    IReadOnlyList<AcceleratorDevice> Devices,
    double Cpus,
    long MemoryBytes,
    int? ArrayIndex);
