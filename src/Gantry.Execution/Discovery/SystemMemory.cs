using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Discovery;

/// <summary>
/// The memory this machine can give jobs: <c>MemTotal</c> of <c>/proc/meminfo</c>, capped by the
/// cgroup v2 <c>memory.max</c> of the server's cgroup and of every cgroup above it.
/// </summary>
internal static class SystemMemory
{
    public static long Read(ILogger logger, string procRoot = "/proc", string cgroupRoot = "/sys/fs/cgroup")
    {
        var total = ReadText(logger, Path.Combine(procRoot, "meminfo")) is { } meminfo ? ParseMemTotal(meminfo) ?? 0 : 0;
        var limit = ReadText(logger, Path.Combine(procRoot, "self", "cgroup")) is { } cgroup
            ? CgroupLimit(logger, cgroup, cgroupRoot)
            : null;
        return limit is { } max && (total == 0 || max < total) ? max : total;
    }

    /// <summary>MemTotal in bytes (the file says kB, meaning KiB).</summary>
    public static long? ParseMemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
                continue;
            var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
                return kib * 1024;
        }

        return null;
    }

    /// <summary>The lowest <c>memory.max</c> from the process's cgroup up to the root; null when unlimited.</summary>
    public static long? CgroupLimit(ILogger logger, string procSelfCgroup, string cgroupRoot)
    {
        // cgroup v2 has one line "0::/path"; v1 hierarchies (other lines) are not read.
        var line = procSelfCgroup.Split('\n').FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        if (line is null)
            return null;
        var relative = line[3..].Trim().Trim('/');
        long? lowest = null;
        while (true)
        {
            var directory = relative.Length == 0 ? cgroupRoot : Path.Combine(cgroupRoot, relative);
            if (ParseMemoryMax(ReadText(logger, Path.Combine(directory, "memory.max"))) is { } max && (lowest is null || max < lowest))
                lowest = max;
            if (relative.Length == 0)
                break;
            var slash = relative.LastIndexOf('/');
            relative = slash < 0 ? "" : relative[..slash];
        }

        return lowest;
    }

    /// <summary>A <c>memory.max</c> value: bytes, or null for "max" or an unreadable file.</summary>
    public static long? ParseMemoryMax(string? text) =>
        text is not null && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;

    private static string? ReadText(ILogger logger, string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.SystemFileUnreadable(path, e.Message);
            return null;
        }
    }
}
