using System.Net;

namespace Gantry.Client;

/// <summary>
/// The server answered with an error (an RFC 7807 problem). <see cref="Exception.Message"/> is the
/// problem's <c>detail</c>: the sentence to show a person.
/// </summary>
public sealed class GantryApiException : Exception
{
    public GantryApiException(HttpStatusCode statusCode, string title, string detail)
        : base(detail)
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
    }

    public GantryApiException()
        : this(HttpStatusCode.InternalServerError, "error", "the server answered with an error")
    {
    }

    public GantryApiException(string message)
        : this(HttpStatusCode.InternalServerError, "error", message)
    {
    }

    public GantryApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = HttpStatusCode.InternalServerError;
        Title = "error";
        Detail = message;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's short, fixed summary of the kind of error ("Not Found").</summary>
    public string Title { get; }

    /// <summary>The problem's explanation of this occurrence.</summary>
    public string Detail { get; }
}
