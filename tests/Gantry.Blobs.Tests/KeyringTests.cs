using Gantry.Core;
using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

public sealed class KeyringTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parse_ReadsIdsAndBareKeys_LastIsCurrent()
    {
        var a = MasterKey.Generate("a");
        var b = MasterKey.Generate();
        var keyring = Keyring.Parse($"# comment, with a comma\na:{a.ToBase64()}\n\n{b.ToBase64()}\n", "test");
        Assert.True(keyring.IsOk);
        Assert.Equal(["a", b.Id], keyring.Value.Keys.Select(k => k.Id));
        Assert.Equal(b.Id, keyring.Value.Current.Id);
        Assert.StartsWith("k-", b.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesShortKeysAndDuplicates()
    {
        Assert.False(Keyring.Parse("a:" + Convert.ToBase64String(new byte[16]), "test").IsOk);
        Assert.False(Keyring.Parse("not base64!", "test").IsOk);
        var key = MasterKey.Generate("x").ToBase64();
        Assert.False(Keyring.Parse($"x:{key}\nx:{key}", "test").IsOk);
        Assert.False(Keyring.Parse("# nothing\n", "test").IsOk);
    }

    [Fact]
    public void FromEnvironment_ReadsCommaSeparatedKeys()
    {
        var variable = "GANTRY_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var a = MasterKey.Generate("a");
        var b = MasterKey.Generate("b");
        Environment.SetEnvironmentVariable(variable, $"a:{a.ToBase64()},b:{b.ToBase64()}");
        try
        {
            var keyring = Keyring.FromEnvironment(variable);
            Assert.True(keyring.IsOk);
            Assert.Equal("b", keyring.Value.Current.Id);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Assert.Equal(ErrorKind.NotFound, Keyring.FromEnvironment(variable).Error?.Kind);
    }

    [Fact]
    public async Task KeyFile_ReadableByOthers_IsRefused_WithAClearError()
    {
        var path = _dir.Join("keys");
        await KeyringFile.CreateAsync(path, TestContext.Current.CancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var result = await KeyringFile.LoadAsync(path, TestContext.Current.CancellationToken);
        Assert.False(result.IsOk);
        Assert.Equal(ErrorKind.Forbidden, result.Error.Kind);
        Assert.Contains("0644", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFile_Created_Is0600_AndLoads()
    {
        var path = _dir.Join("keys");
        var key = await KeyringFile.CreateAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var loaded = await KeyringFile.LoadAsync(path, TestContext.Current.CancellationToken);
        Assert.True(loaded.IsOk);
        Assert.Equal(key.Id, loaded.Value.Current.Id);

        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        Assert.True((await KeyringFile.LoadAsync(path, TestContext.Current.CancellationToken)).IsOk);
    }

    [Fact]
    public async Task KeyFile_Missing_IsNotFound()
    {
        var result = await KeyringFile.LoadAsync(_dir.Join("nope"), TestContext.Current.CancellationToken);
        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task AddKey_MakesTheNewKeyCurrent_AndKeepsTheOld()
    {
        var path = _dir.Join("keys");
        var first = await KeyringFile.CreateAsync(path, TestContext.Current.CancellationToken);
        var second = await KeyringFile.AddKeyAsync(path, TestContext.Current.CancellationToken);
        Assert.True(second.IsOk);
        var loaded = await KeyringFile.LoadAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal([first.Id, second.Value.Id], loaded.Value!.Keys.Select(k => k.Id));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
