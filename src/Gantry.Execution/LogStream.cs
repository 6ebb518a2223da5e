namespace Gantry.Execution;

public enum LogStream
{
    Stdout,
    Stderr,
}
