using System.Text;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Rules for file paths inside a pushed tree: relative, '/'-separated, no empty, '.' or '..' segment, no
/// backslash, no NUL or other control character, segments of at most 255 bytes, 4096 bytes in all.
/// A path that passes can be joined under a directory without leaving it.
/// </summary>
public static class ManifestPath
{
    /// <summary>The longest path in UTF-8 bytes.</summary>
    public const int MaxLength = 4096;

    /// <summary>Returns null when <paramref name="path"/> is a safe relative path, else the reason.</summary>
    public static string? Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "a file path must not be empty";
        var shown = Printable(path);
        if (Encoding.UTF8.GetByteCount(path) > MaxLength)
            return $"file path '{shown}' is longer than {MaxLength} bytes";
        foreach (var c in path)
        {
            if (char.IsControl(c))
                return $"file path '{shown}' contains a control character (NUL, newline, ...)";
        }

        if (path[0] == '/')
            return $"file path '{shown}' is absolute; paths in a tree are relative to its root";
        if (path.Contains('\\', StringComparison.Ordinal))
            return $"file path '{shown}' contains a backslash";
        if (path.Contains('\uFFFD', StringComparison.Ordinal))
            return $"file path '{shown}' is not valid UTF-8";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
                return $"file path '{shown}' has an empty segment ('//' or a trailing '/')";
            if (segment is "." or "..")
                return $"file path '{shown}' contains a '{segment}' segment";
            if (Encoding.UTF8.GetByteCount(segment) > 255)
                return $"file path '{shown}' has a segment longer than 255 bytes";
        }

        return null;
    }

    // Control characters would garble a terminal or log line; show them escaped.
    private static string Printable(string path)
    {
        var text = new StringBuilder(Math.Min(path.Length, 200));
        foreach (var c in path.Length > 200 ? path[..200] : path)
        {
            if (char.IsControl(c))
                text.Append("\\u").Append(((int)c).ToString("x4"));
            else
                text.Append(c);
        }

        return text.ToString();
    }
}
