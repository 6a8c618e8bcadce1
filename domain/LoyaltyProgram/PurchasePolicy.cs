namespace OrleansLoyalty.Domain.LoyaltyProgram;

/// <summary>
/// What the program accepts as a purchase: the currencies it earns in (one point per whole unit each, so
/// only currencies of similar unit value belong here: 1,000,000 IDR must not earn 1,000,000 points), how
/// far back a purchase may be dated, and how far a till's clock may run ahead.
/// </summary>
public sealed record PurchasePolicy(IReadOnlyList<string> Currencies, DateTimeOffset ProgramStart, TimeSpan AllowedClockSkew)
{
    /// <summary>
    /// The default program: four major currencies of roughly one euro per unit, purchases dated from
    /// 1990 on (historic imports such as CDNOW's 1997 ledger fit), five minutes of clock skew.
    /// </summary>
    public static readonly PurchasePolicy Default = new(
        ["EUR", "USD", "GBP", "CHF"],
        new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero),
        TimeSpan.FromMinutes(5));

    public bool Accepts(string currency) => Currencies.Contains(currency, StringComparer.Ordinal);

    /// <summary>Why a purchase cannot be dated <paramref name="occurredAt"/> when the time is <paramref name="now"/>, or null when it can.</summary>
    public string? DateProblem(DateTimeOffset occurredAt, DateTimeOffset now) =>
        occurredAt < ProgramStart ? $"lies before the program start ({ProgramStart:yyyy-MM-dd})."
        : occurredAt > now + AllowedClockSkew ? $"lies in the future (more than {AllowedClockSkew.TotalMinutes:0} minutes ahead of the server's clock)."
        : null;
}
