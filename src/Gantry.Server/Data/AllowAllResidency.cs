using Gantry.Core;
using Gantry.Storage.Data;

namespace Gantry.Server.Data;

/// <summary>No residency rules yet: every pool may read every class.</summary>
internal sealed class AllowAllResidency : IDataResidency
{
    public GantryError? CheckRead(string? pool, DatasetRecord dataset) => null;
}
