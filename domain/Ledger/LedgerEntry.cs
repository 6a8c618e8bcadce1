using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// One line of a member's points statement, as derived from a ledger event. <see cref="Points"/> is the change in the points
/// the member holds (available and pending), so the lines add up to balance + pending − debt.
/// </summary>
public sealed record LedgerEntry(
    int Sequence,
    string Type,
    long Points,
    long BalanceAfter,
    string TierAfter,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    string? Description)
{
    public long PendingAfter { get; init; }

    /// <summary>The program version that computed the line; null for lines from before versions were recorded (the shipped default).</summary>
    public int? ProgramVersion { get; init; }

    /// <summary>A purchase's points by rule; empty for other lines and for purchases from before the breakdown was kept.</summary>
    public IReadOnlyList<EarnedBy> Breakdown { get; init; } = [];

    /// <summary>The code a reward redemption issued, so a retry is answered with the same code.</summary>
    public string? RewardCode { get; init; }

    public DateTimeOffset? RewardCodeExpiresAt { get; init; }

    /// <summary>The change in the cashback wallet the line's event made (credited by a purchase, taken back by a return, spent), in <see cref="CashbackCurrency"/>.</summary>
    public decimal Cashback { get; init; }

    public string? CashbackCurrency { get; init; }

    /// <summary>The cashback wallet's balance in <see cref="CashbackCurrency"/> after the line.</summary>
    public decimal CashbackAfter { get; init; }

    /// <summary>A purchase's cashback by rule.</summary>
    public IReadOnlyList<Cashback.CashbackBy> CashbackBreakdown { get; init; } = [];
}
