using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Gantry.Execution.Local;

/// <summary>
/// What the server stores to find a local task again after a restart: the process id, its start time
/// (field 22 of <c>/proc/&lt;pid&gt;/stat</c>, so a reused pid is not mistaken for the task), the job
/// directory and the attempt (which name the exit file). Written as compact JSON.
/// </summary>
internal sealed record LocalHandle(int Pid, ulong StartTime, string JobDirectory, int Attempt)
{
    public string ExitFile => ExitFiles.PathFor(JobDirectory, Attempt);

    public string Format()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("pid", Pid);
            writer.WriteNumber("start", StartTime);
            writer.WriteString("dir", JobDirectory);
            writer.WriteNumber("attempt", Attempt);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out LocalHandle? handle)
    {
        handle = null;
        if (string.IsNullOrWhiteSpace(text) || !text.TrimStart().StartsWith('{'))
            return false;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var pidValue) && pidValue > 0
                && root.TryGetProperty("start", out var start) && start.TryGetUInt64(out var startValue)
                && root.TryGetProperty("dir", out var dir) && dir.ValueKind == JsonValueKind.String
                && root.TryGetProperty("attempt", out var attempt) && attempt.TryGetInt32(out var attemptValue)
                && dir.GetString() is { Length: > 0 } directory && Path.IsPathFullyQualified(directory))
            {
                handle = new LocalHandle(pidValue, startValue, directory, attemptValue);
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
