using Gantry.Core;

namespace Gantry.Planning;

/// <summary>Range checks on plan inputs, each failing with a sentence that names the field.</summary>
internal static class InputChecks
{
    public static GantryError? AtLeast(int? value, int min, string name) =>
        value is { } v && v < min ? GantryError.Invalid($"{name} must be at least {min} (got {v})") : null;

    public static GantryError? Fraction(double? value, string name) =>
        value is { } v && !(v > 0 && v <= 1) ? GantryError.Invalid($"{name} must be more than 0 and at most 1 (got {AssumptionLog.Format(v)})") : null;

    public static GantryError? Positive(double? value, string name) =>
        value is { } v && !(v > 0 && double.IsFinite(v)) ? GantryError.Invalid($"{name} must be a positive number (got {AssumptionLog.Format(v)})") : null;

    public static GantryError? NonNegativeBelowOne(double? value, string name) =>
        value is { } v && !(v >= 0 && v < 1) ? GantryError.Invalid($"{name} must be at least 0 and below 1 (got {AssumptionLog.Format(v)})") : null;

    public static GantryError? ZeroStage(int? value) =>
        value is { } z && z is < 0 or > 3 ? GantryError.Invalid($"zero_stage must be 0, 1, 2 or 3 (got {z})") : null;

    public static GantryError? Pue(double? value) =>
        value is { } v && !(v >= 1 && double.IsFinite(v)) ? GantryError.Invalid($"pue must be at least 1 (got {AssumptionLog.Format(v)})") : null;

    public static GantryError? First(params GantryError?[] errors) => errors.FirstOrDefault(e => e is not null);
}
