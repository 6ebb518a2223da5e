using Gantry.Storage.Audit;
using Gantry.Storage.Records;

namespace Gantry.Storage.Tests.Audit;

public sealed class AuditChainTests
{
    private static AuditRecord Entry() => new()
    {
        Seq = 7,
        AtMs = 1_700_000_000_000,
        Actor = "alice",
        Action = "job.submit",
        Target = "job/42",
        Outcome = "ok",
        Detail = "gpus=2",
        PrevHash = AuditChain.Genesis,
        Hash = "",
    };

    public static TheoryData<string, Action<AuditRecord>> Changes => new()
    {
        { "seq", e => e.Seq = 8 },
        { "at_ms", e => e.AtMs += 1 },
        { "actor", e => e.Actor = "bob" },
        { "action", e => e.Action = "job.cancel" },
        { "target", e => e.Target = "job/43" },
        { "target null", e => e.Target = null },
        { "target empty", e => e.Target = "" },
        { "outcome", e => e.Outcome = "denied" },
        { "detail", e => e.Detail = "gpus=3" },
        { "detail null", e => e.Detail = null },
        { "prev hash", e => e.PrevHash = new string('1', 64) },
        { "actor case", e => e.Actor = "Alice" },
        { "detail trailing space", e => e.Detail = "gpus=2 " },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void ComputeHash_Differs_WhenAnyFieldDiffers(string field, Action<AuditRecord> change)
    {
        var changed = Entry();
        change(changed);
        Assert.True(AuditChain.ComputeHash(Entry()) != AuditChain.ComputeHash(changed), $"changing {field} kept the hash");
    }

    [Fact]
    public void ComputeHash_IgnoresTheStoredHash()
    {
        var changed = Entry();
        changed.Hash = "anything";
        Assert.Equal(AuditChain.ComputeHash(Entry()), AuditChain.ComputeHash(changed));
    }

    [Fact]
    public void ComputeHash_IsLowerCaseHexSha256_AndStable()
    {
        var hash = AuditChain.ComputeHash(Entry());
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, AuditChain.ComputeHash(Entry()));
    }

    [Fact]
    public void ComputeHash_Differs_WhenCharactersMoveBetweenActorAndAction()
    {
        var a = Entry();
        a.Actor = "ab";
        a.Action = "c";
        var b = Entry();
        b.Actor = "a";
        b.Action = "bc";
        Assert.NotEqual(AuditChain.ComputeHash(a), AuditChain.ComputeHash(b));
    }

    [Fact]
    public void ComputeHash_Differs_WhenALengthPrefixIsForgedInsideAField()
    {
        // "x" + "1:y" against "x1:y"… with no length prefix these could run together.
        var a = Entry();
        a.Target = "x";
        a.Outcome = "1:y";
        var b = Entry();
        b.Target = "x1:y";
        b.Outcome = "";
        Assert.NotEqual(AuditChain.ComputeHash(a), AuditChain.ComputeHash(b));
    }

    [Fact]
    public void ComputeHash_Differs_BetweenNullAndTheTextOfTheNullMarker()
    {
        var a = Entry();
        a.Target = null;
        a.Outcome = "ok";
        var b = Entry();
        b.Target = "-1:";
        b.Outcome = "ok";
        Assert.NotEqual(AuditChain.ComputeHash(a), AuditChain.ComputeHash(b));
    }

    [Fact]
    public void ComputeHash_Differs_WhenCharactersMoveBetweenDetailAndPrevHash()
    {
        var a = Entry();
        a.Detail = "d";
        a.PrevHash = "0" + AuditChain.Genesis;
        var b = Entry();
        b.Detail = "d0";
        b.PrevHash = AuditChain.Genesis;
        Assert.NotEqual(AuditChain.ComputeHash(a), AuditChain.ComputeHash(b));
    }

    [Fact]
    public void Genesis_Is64Zeros() => Assert.Equal(new string('0', 64), AuditChain.Genesis);
}
