namespace Gantry.Scheduling;

/// <summary>
/// The order of the project heads: higher priority first; then heads that need no borrowing
/// (Kueue); then the lower fair-share key (weighted dominant share with history); then earlier
/// submit time; then lower id, so the order is total and the plan deterministic.
/// </summary>
internal readonly record struct HeadKey(int Priority, bool Borrows, double Fair, double Submit, long Id) : IComparable<HeadKey>
{
    public int CompareTo(HeadKey other)
    {
        var c = other.Priority.CompareTo(Priority);
        if (c != 0)
            return c;
        c = Borrows.CompareTo(other.Borrows);
        if (c != 0)
            return c;
        c = Fair.CompareTo(other.Fair);
        if (c != 0)
            return c;
        c = Submit.CompareTo(other.Submit);
        return c != 0 ? c : Id.CompareTo(other.Id);
    }

    public static bool operator <(HeadKey left, HeadKey right) => left.CompareTo(right) < 0;

    public static bool operator >(HeadKey left, HeadKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(HeadKey left, HeadKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(HeadKey left, HeadKey right) => left.CompareTo(right) >= 0;
}
