namespace Gantry.Execution;

/// <summary>A started task: the handle to store and where its output goes.</summary>
public sealed record LaunchedTask(string Handle, string OutputDirectory);
