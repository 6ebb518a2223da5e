namespace Gantry.Execution.Local;

/// <summary>A task this executor instance started itself: its handle and the exit it will report.</summary>
internal sealed record LaunchedProcess(LocalHandle Handle, Task<TaskExit> Exit);
