namespace Gantry.Execution;

/// <summary>Which of a task's two logs to read: its standard output or its standard error.</summary>
public enum LogStream
{
    Stdout,
    Stderr,
}
