using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gantry.Storage.Records;

namespace Gantry.Storage.Audit;

/// <summary>
/// The hash chain of the audit log: each entry's hash covers its fields and the previous entry's
/// hash, so changing or removing any entry breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string ComputeHash(AuditRecord entry)
    {
        // Length-prefixed fields: no separator inside a field can make two entries hash alike.
        var text = new StringBuilder();
        Append(text, entry.Seq.ToString(CultureInfo.InvariantCulture));
        Append(text, entry.AtMs.ToString(CultureInfo.InvariantCulture));
        Append(text, entry.Actor);
        Append(text, entry.Action);
        Append(text, entry.Target);
        Append(text, entry.Outcome);
        Append(text, entry.Detail);
        Append(text, entry.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string? field)
    {
        if (field is null)
        {
            text.Append("-1:");
            return;
        }

        text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
    }
}
