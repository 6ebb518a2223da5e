namespace Gantry.Core.Api.Data;

/// <summary>
/// How sensitive a dataset is. Order matters: each class is more sensitive than the ones before it.
/// <see cref="Restricted"/> needs the member role to pull, and every pull of it is audited.
/// </summary>
public enum DataClass
{
    /// <summary>Anyone with a role in the project may read it.</summary>
    Public = 0,

    /// <summary>The default: for the project's members and viewers.</summary>
    Internal = 1,

    /// <summary>Business-sensitive; readable as internal, kept apart by residency rules.</summary>
    Confidential = 2,

    /// <summary>Regulated or personal data: pulling needs the member role and every pull is audited.</summary>
    Restricted = 3,
}
