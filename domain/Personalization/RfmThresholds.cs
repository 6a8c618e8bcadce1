using System.Numerics;

namespace OrleansLoyalty.Domain.Personalization;

/// <summary>
/// The cut-offs between the scores 1 to 5 of one RFM dimension: <see cref="Score2"/> is the cut-off a
/// member must pass to score 2 rather than 1, and so on. For recency a cut-off is the most days since the
/// last purchase that still earns the score; for frequency and monetary it is the least that earns it.
/// </summary>
public readonly record struct ScoreCutoffs<T>(T Score2, T Score3, T Score4, T Score5)
    where T : struct, INumber<T>
{
    /// <summary>The score of a value where more is better: the highest score whose cut-off it reaches.</summary>
    internal int ScoreAtLeast(T value) =>
        value >= Score5 ? 5 : value >= Score4 ? 4 : value >= Score3 ? 3 : value >= Score2 ? 2 : 1;

    /// <summary>The score of a value where less is better: the highest score whose cut-off it stays within.</summary>
    internal int ScoreAtMost(T value) =>
        value <= Score5 ? 5 : value <= Score4 ? 4 : value <= Score3 ? 3 : value <= Score2 ? 2 : 1;

    internal bool Ascending => Score2 < Score3 && Score3 < Score4 && Score4 < Score5;

    internal bool Descending => Score2 > Score3 && Score3 > Score4 && Score4 > Score5;
}

/// <summary>
/// Fixed RFM cut-offs. Fixed rather than population quintiles, so a member can be scored alone, on every
/// event, and a score means the same thing from one day to the next.
/// </summary>
/// <param name="WindowDays">Frequency and monetary count the purchases of the last this many calendar days, today included.</param>
/// <param name="RecencyWithinDays">Most days since the last purchase for each score.</param>
/// <param name="FrequencyAtLeastDays">Least distinct purchase days in the window for each score.</param>
/// <param name="MonetaryAtLeast">Least spend in the window for each score, in the program currency.</param>
public sealed record RfmThresholds(
    int WindowDays,
    ScoreCutoffs<int> RecencyWithinDays,
    ScoreCutoffs<int> FrequencyAtLeastDays,
    ScoreCutoffs<decimal> MonetaryAtLeast)
{
    /// <summary>
    /// The program default, for a mid-ticket retailer: R5 within 2 weeks, R4 a month, R3 a quarter, R2 half
    /// a year, R1 longer or never; F5 at least monthly (12 days a year), F4 8, F3 4, F2 2, F1 a single
    /// visit or none; M5 from 1,500 a year, M4 750, M3 300, M2 100, M1 below.
    /// </summary>
    public static RfmThresholds Default { get; } = new(
        WindowDays: 365,
        RecencyWithinDays: new(Score2: 180, Score3: 90, Score4: 30, Score5: 14),
        FrequencyAtLeastDays: new(Score2: 2, Score3: 4, Score4: 8, Score5: 12),
        MonetaryAtLeast: new(Score2: 100m, Score3: 300m, Score4: 750m, Score5: 1_500m));
}
