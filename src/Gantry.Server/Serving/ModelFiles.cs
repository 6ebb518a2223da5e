using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Core.Api.Data;
using Gantry.Server.Data;
using Gantry.Server.Hosting;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

/// <summary>
/// Writes a registered model version to a plain file ONNX Runtime can load: every chunk verified as it is read from
/// the store, the whole file's SHA-256 checked against the registry, mode 0600, named by its hash so versions with the
/// same bytes share one file and a half-written file is never taken for a whole one.
/// </summary>
internal sealed class ModelFiles(DataStore data, ServerPaths paths, IOptions<ServingOptions> options)
{
    public string Directory => options.Value.ModelDir ?? Path.Join(paths.DataDir, "serving");

    /// <summary>Null when the version can be served; else why not (only ONNX models are served, pickles never).</summary>
    public static GantryError? Servable(string model, ModelVersionRecord version)
    {
        if (version.Format == ModelFormat.Onnx && !version.Unsafe)
            return null;
        var format = version.Format.ToString().ToLowerInvariant();
        var why = version.Unsafe
            ? "it is a Python pickle, which runs code when loaded; Gantry never loads pickles"
            : "Gantry serves ONNX models with ONNX Runtime; export it to ONNX first (torch.onnx.export, tf2onnx, skl2onnx) and register the .onnx file";
        return GantryError.Invalid($"model {model}@{version.Version} is {format}, not ONNX: {why}");
    }

    public string PathOf(ModelVersionRecord version) => Path.Join(Directory, version.Sha256 + ".onnx");

    /// <summary>The model file, written from the store if it is not there already (or no longer matches its hash).</summary>
    public async Task<Outcome<string>> MaterializeAsync(string model, ModelVersionRecord version, CancellationToken cancellationToken)
    {
        var path = PathOf(version);
        if (File.Exists(path) && await HashOfAsync(path, cancellationToken) == version.Sha256)
            return path;
        var manifest = ManifestJson.Parse(version.ManifestJson);
        if (!manifest.IsOk)
            return manifest.Error;
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var partial = Path.Join(Directory, $"{version.Sha256}.{Guid.NewGuid():N}.partial");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var create = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            await using (var file = new FileStream(partial, create))
            {
                foreach (var chunk in manifest.Value.Files[0].Chunks)
                {
                    var bytes = await data.Chunks.GetChunkAsync(chunk, cancellationToken);
                    hash.AppendData(bytes);
                    await file.WriteAsync(bytes, cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (sha != version.Sha256)
                return GantryError.Conflict($"model {model}@{version.Version} read back with SHA-256 {sha}, not the registered {version.Sha256}");
            File.Move(partial, path, overwrite: true);
            return path;
        }
        catch (Exception e) when (e is ChunkCorruptedException or ChunkMissingException or MasterKeyMissingException)
        {
            return GantryError.Conflict($"model {model}@{version.Version} cannot be read from the blob store: {e.Message}");
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Removes a model file no deployment uses any more.</summary>
    public void Forget(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still mapped by a session that is being disposed; the next start overwrites or reuses it.
        }
    }

    private static async Task<string> HashOfAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
