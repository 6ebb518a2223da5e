using Gantry.Core;

namespace Gantry.Storage.Blobs;

/// <summary>
/// A keyring kept in a file that only its owner may read (mode 0600 or stricter): loading refuses a file
/// that group or others could read, and new files are created with mode 0600.
/// </summary>
public static class KeyringFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Loads a keyring file; refuses one that group or others may access.</summary>
    public static async Task<Outcome<Keyring>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            return GantryError.NotFound($"master key file '{path}' does not exist");
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            return GantryError.Forbidden(
                $"master key file '{path}' has mode {Octal(mode)}: group and others must have no access; run: chmod 600 '{path}'");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return Keyring.Parse(text, $"master key file '{path}'");
    }

    /// <summary>
    /// Creates a new keyring file with mode 0600 holding one new random key; fails (IOException) if the file exists.
    /// The file appears whole or not at all: two servers starting on one data directory never read half a key file.
    /// </summary>
    public static async Task<MasterKey> CreateAsync(string path, CancellationToken cancellationToken = default)
    {
        var key = MasterKey.Generate();
        var temp = $"{path}.{Guid.NewGuid():N}.new";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await using (var writer = new StreamWriter(stream))
                    await writer.WriteAsync($"# Gantry master keys, oldest first; the last one wraps new data.\n{key.Id}:{key.ToBase64()}\n".AsMemory(), cancellationToken);
            }

            // Without overwrite the move fails when the file exists (another server made it first).
            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }

        return key;
    }

    /// <summary>
    /// Rotation, step one: appends a new random key, which becomes the current one. Step two is
    /// <see cref="ChunkStore.RewrapAsync"/>; after it the old keys may be removed from the file.
    /// </summary>
    public static async Task<Outcome<MasterKey>> AddKeyAsync(string path, CancellationToken cancellationToken = default)
    {
        var existing = await LoadAsync(path, cancellationToken);
        if (!existing.IsOk)
            return existing.Error;
        var key = MasterKey.Generate();
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var separator = text.Length == 0 || text.EndsWith('\n') ? "" : "\n";
        // Write the whole file anew beside the old one and rename, so a crash never leaves half a key.
        var temp = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        await using (var stream = new FileStream(temp, options))
        {
            await using (var writer = new StreamWriter(stream, leaveOpen: true))
                await writer.WriteAsync($"{text}{separator}{key.Id}:{key.ToBase64()}\n".AsMemory(), cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temp, OwnerOnly);
        File.Move(temp, path, overwrite: true);
        return key;
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);
}
