using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Server.Auth;
using Gantry.Storage.Data;

namespace Gantry.Server.Data;

/// <summary>
/// Who may do what with datasets. Metadata is for anyone with a role in the project; pulling the bytes needs the
/// viewer role, or the member role when the dataset is restricted; pushing needs member, deleting admin.
/// </summary>
internal static class DataAccess
{
    /// <summary>Tags whose pulls are audited whatever the class.</summary>
    public static readonly IReadOnlySet<string> AuditedTags = new HashSet<string>(StringComparer.Ordinal) { "pii", "phi" };

    /// <summary>The dataset as the caller may know it: an invisible one is not found.</summary>
    public static GantryError? See(Caller caller, DatasetRecord? dataset, string name) =>
        dataset is null || !caller.CanSee(dataset.Project) ? GantryError.NotFound($"dataset '{name}' not found") : null;

    /// <summary>Whether the caller may pull the dataset's bytes.</summary>
    public static GantryError? Pull(Caller caller, DatasetRecord dataset) => PullAs(caller.RoleIn(dataset.Project), dataset, "you are");

    /// <summary>Whether a user with <paramref name="role"/> in the dataset's project may pull it.</summary>
    public static GantryError? PullAs(Role? role, DatasetRecord dataset, string subject)
    {
        if (role is null)
            return GantryError.NotFound($"dataset '{dataset.Name}' not found");
        if (dataset.Class == DataClass.Restricted && role < Role.Member)
        {
            return GantryError.Forbidden(
                $"dataset '{dataset.Name}' is restricted: pulling it needs the member role in project '{dataset.Project}'; {subject} a {role.Value.ToString().ToLowerInvariant()}");
        }

        return null;
    }

    /// <summary>Whether pulls of this dataset are audited: restricted, or tagged pii or phi.</summary>
    public static bool IsAudited(DatasetRecord dataset) =>
        dataset.Class == DataClass.Restricted || TagList(dataset.Tags).Any(AuditedTags.Contains);

    public static IReadOnlyList<string> TagList(string tags) =>
        tags.Length == 0 ? [] : tags.Split(',');

    /// <summary>Checks and normalises tags: 1–32 lower-case letters, digits, '-' or '_'; at most 16; sorted, without duplicates.</summary>
    public static Outcome<string> NormaliseTags(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0)
            return "";
        if (tags.Count > 16)
            return GantryError.Invalid($"a dataset has at most 16 tags, not {tags.Count}");
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in tags)
        {
            var tag = raw?.Trim().ToLowerInvariant() ?? "";
            if (tag.Length is < 1 or > 32 || !tag.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
                return GantryError.Invalid($"tag '{raw}' must be 1-32 lower-case letters, digits, '-' or '_'");
            set.Add(tag);
        }

        return string.Join(',', set);
    }
}
