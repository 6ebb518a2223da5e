namespace Gantry.Cli.Commands.Planning;

/// <summary>Times a sequential write (with fsync) and read of a temporary file: what checkpoints and datasets will see.</summary>
internal static class DiskProbe
{
    /// <summary>The file measured: big enough to outrun a disk's write cache, small enough to take seconds.</summary>
    public const long DefaultBytes = 256L << 20;

    private const int ChunkBytes = 4 << 20;

    // File systems whose pages live only in memory: a read-back there measures RAM.
    private static readonly string[] MemoryFilesystems = ["tmpfs", "ramfs"];

    public static async Task<DiskMeasurement> MeasureAsync(string directory, long bytes, TimeProvider time, CancellationToken cancellationToken)
    {
        DriveInfo? drive = null;
        try
        {
            drive = new DriveInfo(directory);
            _ = drive.AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            drive = null;
        }

        var result = new DiskMeasurement
        {
            Directory = directory,
            Filesystem = drive?.DriveFormat,
            FreeBytes = drive?.AvailableFreeSpace,
            TestBytes = bytes,
        };
        if (bytes <= 0)
            return result with { Problem = "not measured (--disk-test-bytes 0)" };
        if (result.FreeBytes is { } free && free < bytes * 2)
            return result with { Problem = $"not measured: only {PlanText.Bytes(free)} free, and the test writes {PlanText.Bytes(bytes)}" };

        var path = Path.Combine(directory, $".gantry-assess-{Guid.NewGuid():N}.tmp");
        try
        {
            var chunk = new byte[(int)Math.Min(ChunkBytes, bytes)];
            Random.Shared.NextBytes(chunk);
            var dropped = false;
            var started = time.GetTimestamp();
            await using (var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                BufferSize = 0,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                for (var left = bytes; left > 0;)
                {
                    var n = (int)Math.Min(chunk.Length, left);
                    await file.WriteAsync(chunk.AsMemory(0, n), cancellationToken);
                    left -= n;
                }

                file.Flush(flushToDisk: true);
                var written = time.GetElapsedTime(started);
                dropped = PageCache.Drop(file.SafeFileHandle);
                result = result with { WriteMbPerS = Rate(bytes, written) };
            }

            started = time.GetTimestamp();
            await using (var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                BufferSize = 0,
                Options = FileOptions.SequentialScan,
            }))
            {
                while (await file.ReadAsync(chunk, cancellationToken) > 0)
                {
                }
            }

            var read = time.GetElapsedTime(started);
            var inMemory = result.Filesystem is { } fs && MemoryFilesystems.Contains(fs, StringComparer.OrdinalIgnoreCase);
            return result with { ReadMbPerS = Rate(bytes, read), ReadMayBeCached = !dropped || inMemory };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return result with { Problem = $"could not measure in {directory}: {ex.Message}" };
        }
        finally
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: a leftover hidden temporary file is named so it can be found.
            }
        }
    }

    private static double? Rate(long bytes, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? bytes / 1e6 / elapsed.TotalSeconds : null;
}
