using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Gantry.Execution.Slurm;

/// <summary>
/// What the server stores to find a Slurm task again after a restart: the Slurm job id, the job directory and the
/// attempt (which name the exit file the batch script writes). Compact JSON, like the local executor's handle.
/// </summary>
internal sealed record SlurmHandle(string SlurmJobId, string JobDirectory, int Attempt)
{
    public string ExitFile => Local.ExitFiles.PathFor(JobDirectory, Attempt);

    public string Format()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("slurm", SlurmJobId);
            writer.WriteString("dir", JobDirectory);
            writer.WriteNumber("attempt", Attempt);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out SlurmHandle? handle)
    {
        handle = null;
        if (string.IsNullOrWhiteSpace(text) || !text.TrimStart().StartsWith('{'))
            return false;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("slurm", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 } jobId && IsJobId(jobId)
                && root.TryGetProperty("dir", out var dir) && dir.ValueKind == JsonValueKind.String
                && dir.GetString() is { Length: > 0 } directory && Path.IsPathFullyQualified(directory)
                && root.TryGetProperty("attempt", out var attempt) && attempt.TryGetInt32(out var attemptValue))
            {
                handle = new SlurmHandle(jobId, directory, attemptValue);
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>A Slurm job id as <c>sbatch --parsable</c> prints it: digits, or digits_digits for an array task.</summary>
    public static bool IsJobId(string text) =>
        text.Length is > 0 and <= 32 && char.IsAsciiDigit(text[0]) && text.All(c => char.IsAsciiDigit(c) || c == '_');
}
