namespace Gantry.Server.Cost;

/// <summary>Predictions each deployment answered in a window: what cost per prediction divides by.</summary>
internal interface IPredictionCounts
{
    /// <summary>
    /// Predictions per deployment name in the UTC hours overlapping [<paramref name="fromMs"/>, <paramref name="toMs"/>),
    /// only of <paramref name="projects"/> when given.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> PredictionsAsync(long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken);
}
