using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Tests;

/// <summary>Test data builders.</summary>
public static class Make
{
    public static JobView Job(long id, JobState state = JobState.Queued, int? exitCode = null, string? reason = null) => new(
        Id: id,
        Name: "train",
        Project: "ml",
        User: "alice",
        State: state,
        Command: ["python3", "train.py", "--lr", "0.1"],
        Resources: new ResourceView(Gpus: 2, GpuType: "a100", Cpus: 8, MemoryBytes: 32L << 30, Nodes: 1),
        Priority: 0,
        Preemptible: false,
        Attempt: 1,
        MaxRetries: 0,
        TimeLimit: null,
        ArrayId: null,
        ArrayIndex: null,
        Pool: "default",
        SubmittedAt: CliHarness.Start.AddMinutes(-90),
        StartedAt: state == JobState.Queued ? null : CliHarness.Start.AddMinutes(-75),
        FinishedAt: state.IsFinal() ? CliHarness.Start.AddMinutes(-10) : null,
        ExitCode: exitCode,
        Reason: reason,
        Node: state == JobState.Queued ? null : "gpu-01",
        Gpus: state == JobState.Queued ? [] : [0, 1],
        Env: new Dictionary<string, string> { ["SEED"] = "1" });
}
