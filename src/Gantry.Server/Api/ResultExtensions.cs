using Gantry.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

internal static class ResultExtensions
{
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) =>
        outcome.IsOk ? TypedResults.Ok(outcome.Value) : Problems.From(outcome.Error);

    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.IsOk ? TypedResults.Created(location(outcome.Value), outcome.Value) : Problems.From(outcome.Error);
}
