namespace OrleansLoyalty.Domain.Ledger;

/// <summary>One line of a member's points statement, as derived from a ledger event.</summary>
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
    string? Description);
