using Gantry.Core;
using Gantry.Storage.Data;

namespace Gantry.Server.Data;

/// <summary>
/// The seam for residency rules: which pools may read which classes of data (a restricted dataset only on
/// on-premises pools, say). Consulted when a job naming a dataset is submitted and again before its inputs are
/// materialised. Today's rule (<see cref="AllowAllResidency"/>) allows every pool; the scale-out work replaces it.
/// </summary>
internal interface IDataResidency
{
    /// <summary>Null when a job in <paramref name="pool"/> (null: not yet placed) may read <paramref name="dataset"/>, else why not.</summary>
    GantryError? CheckRead(string? pool, DatasetRecord dataset);
}
