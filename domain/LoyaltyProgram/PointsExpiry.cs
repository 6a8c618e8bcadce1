namespace OrleansLoyalty.Domain.LoyaltyProgram;

/// <summary>When points earned at a moment expire under the program's policy: decided at the earn and recorded with it.</summary>
public static class PointsExpiry
{
    /// <summary>Null: never. Month arithmetic clamps to the month's end (a 29 February earn plus 12 months expires on 28 February).</summary>
    public static DateTimeOffset? ExpiresAt(ExpirySection expiry, DateTimeOffset earnedAt, string tier)
    {
        if (expiry.Policy == ExpiryPolicies.Never || expiry.NeverForTiers.Contains(tier)) return null;
        var utc = earnedAt.ToUniversalTime();
        var shifted = utc.AddMonths(expiry.Months);
        return expiry.Policy switch
        {
            ExpiryPolicies.MonthsAfterEarn => shifted,
            ExpiryPolicies.EndOfQuarter => EndOfMonth(shifted.Year, ((shifted.Month - 1) / 3 * 3) + 3),
            ExpiryPolicies.EndOfYear => EndOfMonth(shifted.Year, 12),
            _ => null,
        };
    }

    /// <summary>The last tick of a month in UTC: points still count on its last day.</summary>
    private static DateTimeOffset EndOfMonth(int year, int month) =>
        new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1).AddTicks(-1);
}
