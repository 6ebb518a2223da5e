namespace Gantry.Core;

/// <summary>The kinds of expected failure; the server maps each to one HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>The request is malformed or names something impossible (400).</summary>
    Invalid,

    /// <summary>The object does not exist or the caller may not know it exists (404).</summary>
    NotFound,

    /// <summary>The caller is known but lacks the role for this (403).</summary>
    Forbidden,

    /// <summary>The object's state does not allow this now (409).</summary>
    Conflict,

    /// <summary>No pool could ever run this job as specified (422).</summary>
    Unfittable,

    /// <summary>The request body is over the size limit (413).</summary>
    TooLarge,

    /// <summary>Too many requests right now: a queue is full or a rate limit is reached; retry later (429).</summary>
    Overloaded,

    /// <summary>The service exists but cannot answer yet (warming up, scaling from zero); retry later (503).</summary>
    Unavailable,

    /// <summary>The request's deadline passed before it could be answered (504).</summary>
    DeadlineExceeded,
}
