namespace Gantry.Storage.Blobs;

/// <summary>
/// Rules for blob keys, which become file paths and S3 object names: 1–8 segments separated by '/', each
/// of letters, digits, '.', '_' and '-', not starting with '.'; the last segment at least 4 characters
/// (the filesystem store fans it out into two directory levels); 512 characters at most.
/// </summary>
public static class BlobKey
{
    /// <summary>The longest key.</summary>
    public const int MaxLength = 512;

    /// <summary>Returns null when <paramref name="key"/> is a valid key, else the reason.</summary>
    public static string? Check(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
            return $"a blob key must be 1-{MaxLength} characters long";
        var segments = key.Split('/');
        if (segments.Length > 8)
            return $"blob key '{key}' has more than 8 segments";
        foreach (var segment in segments)
        {
            if (CheckSegment(segment) is { } problem)
                return $"blob key '{key}': {problem}";
        }

        if (segments[^1].Length < 4)
            return $"blob key '{key}': the last segment must be at least 4 characters";
        return null;
    }

    /// <summary>Returns null when <paramref name="prefix"/> may be listed (a key's beginning), else the reason.</summary>
    public static string? CheckPrefix(string? prefix)
    {
        if (prefix is null || prefix.Length > MaxLength)
            return $"a blob key prefix must be 0-{MaxLength} characters long";
        if (prefix.Length == 0)
            return null;
        var segments = prefix.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            // The last segment may be empty ("chunks/") or partial ("chunks/ab").
            if (i == segments.Length - 1 && segments[i].Length == 0)
                continue;
            if (CheckSegment(segments[i]) is { } problem)
                return $"blob key prefix '{prefix}': {problem}";
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is valid.</summary>
    public static void ThrowIfInvalid(string key)
    {
        if (Check(key) is { } problem)
            throw new ArgumentException(problem, nameof(key));
    }

    private static string? CheckSegment(string segment)
    {
        if (segment.Length == 0)
            return "empty segment";
        if (segment[0] == '.')
            return "a segment must not start with '.'";
        foreach (var c in segment)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                return "a segment may contain only letters, digits, '.', '_' and '-'";
        }

        return null;
    }
}
