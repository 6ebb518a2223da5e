namespace Gantry.Core;

/// <summary>An expected failure, carried as a value: what kind it is and a sentence a person understands.</summary>
public sealed record GantryError(ErrorKind Kind, string Message)
{
    public static GantryError Invalid(string message) => new(ErrorKind.Invalid, message);

    public static GantryError NotFound(string message) => new(ErrorKind.NotFound, message);

    public static GantryError Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static GantryError Conflict(string message) => new(ErrorKind.Conflict, message);

    public static GantryError Unfittable(string message) => new(ErrorKind.Unfittable, message);

    public static GantryError TooLarge(string message) => new(ErrorKind.TooLarge, message);

    public static GantryError Overloaded(string message) => new(ErrorKind.Overloaded, message);

    public static GantryError Unavailable(string message) => new(ErrorKind.Unavailable, message);

    public static GantryError DeadlineExceeded(string message) => new(ErrorKind.DeadlineExceeded, message);
}
