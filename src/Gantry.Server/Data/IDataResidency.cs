using Gantry.Core;
using Gantry.Core.Api.Data;
using Gantry.Storage.Data;

namespace Gantry.Server.Data;

/// <summary>
/// Residency rules: which pools may read which classes of data (restricted data only in on-premises pools, say).
/// Consulted when a job naming a dataset is submitted, every scheduling cycle (the job's allowed pools), and again
/// before its inputs are materialised.
/// </summary>
internal interface IDataResidency
{
    /// <summary>Null when a job in <paramref name="pool"/> (null: not yet placed) may read <paramref name="dataset"/>, else why not.</summary>
    GantryError? CheckRead(string? pool, DatasetRecord dataset);

    /// <summary>Whether a job in <paramref name="pool"/> may read data of class <paramref name="dataClass"/> (null: no inputs).</summary>
    bool MayRead(string pool, DataClass? dataClass);

    /// <summary>The rule for a class in words ("inputs of class restricted may only be read in on-prem pools"); null when it may go anywhere.</summary>
    string? Describe(DataClass dataClass);
}
