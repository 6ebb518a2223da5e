using Microsoft.Win32.SafeHandles;

namespace Gantry.Server.Data.Formats;

/// <summary>A local file read at offsets.</summary>
internal sealed class FileRandomAccess : IRandomAccess, IDisposable
{
    private readonly SafeFileHandle _handle;

    public FileRandomAccess(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Length = RandomAccess.GetLength(_handle);
    }

    public long Length { get; }

    public ValueTask<int> ReadAtAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        offset >= Length ? ValueTask.FromResult(0) : RandomAccess.ReadAsync(_handle, destination, offset, cancellationToken);

    public void Dispose() => _handle.Dispose();
}
