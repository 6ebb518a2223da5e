namespace Gantry.Storage.Blobs;

/// <summary>realpath(3) for .NET: resolves every symbolic link along a path, not only the last one.</summary>
internal static class RealPath
{
    private const int MaxLinks = 40; // as Linux's ELOOP limit

    /// <summary>The path with every link resolved, or null when the links loop.</summary>
    public static string? Resolve(string path)
    {
        var pending = new Stack<string>(Segments(Path.GetFullPath(path)).Reverse());
        var current = "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment is "" or ".")
                continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Join(current, segment);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
                return null;
            if (Path.IsPathRooted(target))
                current = "/";
            foreach (var part in Segments(target).Reverse())
                pending.Push(part);
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies below it (both resolved).</summary>
    public static bool IsWithin(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
