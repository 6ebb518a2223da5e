namespace Gantry.Benchmarks.Scheduling;

/// <summary>Finds the Alibaba openb trace: <c>../shared/data/traces/alibaba-openb</c> beside the repository root (where Gantry.slnx is).</summary>
internal static class TraceFiles
{
    public static string? Directory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gantry.slnx")))
            dir = dir.Parent;
        dir ??= new DirectoryInfo(System.IO.Directory.GetCurrentDirectory());
        var trace = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "traces", "alibaba-openb"));
        return System.IO.Directory.Exists(trace) ? trace : null;
    }
}
