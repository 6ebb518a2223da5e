using System.Diagnostics.CodeAnalysis;

namespace Gantry.Core;

/// <summary>Either a value or an expected failure. Exceptions stay for bugs and broken I/O.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, GantryError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public GantryError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Fail(GantryError error) => new(default, error);

    public static implicit operator Outcome<T>(T value) => Ok(value);

    public static implicit operator Outcome<T>(GantryError error) => Fail(error);
}
