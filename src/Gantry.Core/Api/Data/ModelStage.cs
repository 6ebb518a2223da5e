namespace Gantry.Core.Api.Data;

/// <summary>Where a model version stands in its life.</summary>
public enum ModelStage
{
    /// <summary>Registered, not yet promoted.</summary>
    None,

    /// <summary>Being tried out.</summary>
    Staging,

    /// <summary>Serving traffic.</summary>
    Production,

    /// <summary>Kept for the record, not for use.</summary>
    Archived,
}
