using Gantry.Core;
using Gantry.Storage;

namespace Gantry.Server.Data;

/// <summary>Audit entries for refusals, written in their own transaction or in the caller's.</summary>
internal sealed class DataAudit(MetadataWriter writer)
{
    public async Task<GantryError> RefuseAsync(string actor, string action, string target, GantryError error, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(scope => Refuse(scope, actor, action, target, error), cancellationToken);
        return error;
    }

    public static GantryError Refuse(WriteScope scope, string actor, string action, string target, GantryError error)
    {
        scope.Audit(actor, action, target, error.Kind.ToString().ToLowerInvariant(), error.Message);
        return error;
    }
}
