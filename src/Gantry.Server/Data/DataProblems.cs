using Gantry.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Data;

/// <summary>Problem details for data requests: a commit's 409 lists the missing chunks; an unreadable stored chunk is a 500 that says so.</summary>
internal static class DataProblems
{
    public static ProblemHttpResult From(GantryError error, IReadOnlyList<string> missing)
    {
        if (missing.Count == 0)
            return Problems.From(error);
        var (status, title) = Problems.StatusOf(error.Kind);
        return TypedResults.Problem(detail: error.Message, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["missing"] = missing });
    }

    public static ProblemHttpResult Unreadable(string what, Exception e) =>
        TypedResults.Problem(detail: $"{what} cannot be read from the blob store: {e.Message}", statusCode: StatusCodes.Status500InternalServerError, title: "Stored data unreadable");
}
