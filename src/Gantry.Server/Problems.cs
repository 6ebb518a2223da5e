using Gantry.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gantry.Server;

/// <summary>Turns expected failures into RFC 7807 problem details with a sentence a person understands.</summary>
internal static class Problems
{
    public static ProblemHttpResult From(GantryError error)
    {
        var (status, title) = StatusOf(error.Kind);
        return TypedResults.Problem(detail: error.Message, statusCode: status, title: title);
    }

    public static (int Status, string Title) StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => (StatusCodes.Status400BadRequest, "Invalid request"),
        ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
        ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
        ErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
        ErrorKind.Unfittable => (StatusCodes.Status422UnprocessableEntity, "Job can never run"),
        ErrorKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Request too large"),
        ErrorKind.Overloaded => (StatusCodes.Status429TooManyRequests, "Too many requests"),
        ErrorKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Not ready"),
        ErrorKind.DeadlineExceeded => (StatusCodes.Status504GatewayTimeout, "Deadline exceeded"),
        _ => (StatusCodes.Status500InternalServerError, "Error"),
    };

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
