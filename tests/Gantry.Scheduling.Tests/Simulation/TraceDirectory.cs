namespace Gantry.Scheduling.Tests.Simulation;

/// <summary>The openb trace beside the repository: walk up to Gantry.slnx, then <c>../shared/data/traces/alibaba-openb</c>.</summary>
internal static class TraceDirectory
{
    public static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gantry.slnx")))
            dir = dir.Parent;
        if (dir is null)
            return null;
        var trace = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "traces", "alibaba-openb"));
        return File.Exists(Path.Combine(trace, "openb_pod_list_default.csv")) ? trace : null;
    }
}
