namespace Gantry.Server.Data.Formats;

/// <summary>Bytes that can be read at any offset: a local file, or a model file that lives as chunks in the store.</summary>
internal interface IRandomAccess
{
    long Length { get; }

    /// <summary>Reads up to <paramref name="destination"/>'s length at <paramref name="offset"/>; returns how many bytes were read (0 at the end).</summary>
    ValueTask<int> ReadAtAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken);
}
