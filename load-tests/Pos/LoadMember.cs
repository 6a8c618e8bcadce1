namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>
/// A member the generator drives, with the points the gateway acknowledged to it: earned by purchases, spent on
/// redemptions and rewards, and taken back by returns. Workers share members, so the tallies use interlocked adds.
/// </summary>
internal sealed class LoadMember(string memberId, string loyaltyNumber, string email, string phone)
{
    private long _acknowledgedEarned;
    private long _acknowledgedRedeemed;
    private long _acknowledgedRewardPoints;
    private long _acknowledgedReturned;
    private int _unresolvedWrites;

    public string MemberId { get; } = memberId;
    public string LoyaltyNumber { get; } = loyaltyNumber;
    public string Email { get; } = email;
    public string Phone { get; } = phone;

    public long AcknowledgedEarned => Interlocked.Read(ref _acknowledgedEarned);

    /// <summary>Points spent by plain redemptions.</summary>
    public long AcknowledgedRedeemed => Interlocked.Read(ref _acknowledgedRedeemed);

    /// <summary>Points spent on catalogue rewards.</summary>
    public long AcknowledgedRewardPoints => Interlocked.Read(ref _acknowledgedRewardPoints);

    /// <summary>Points returns took back.</summary>
    public long AcknowledgedReturned => Interlocked.Read(ref _acknowledgedReturned);

    /// <summary>
    /// What the wallet must hold net, balance plus pending less debt: a return may take back points already spent,
    /// which shows as a negative balance or a debt rather than as a lower balance, so the balance alone is not exact.
    /// </summary>
    public long ExpectedNetPoints => AcknowledgedEarned - AcknowledgedRedeemed - AcknowledgedRewardPoints - AcknowledgedReturned;

    /// <summary>A write whose outcome stayed unknown after its retry makes the expected points unknowable.</summary>
    public bool HasUnresolvedWrites => Volatile.Read(ref _unresolvedWrites) > 0;

    public void AcknowledgeEarned(long points) => Interlocked.Add(ref _acknowledgedEarned, points);
    public void AcknowledgeRedeemed(long points) => Interlocked.Add(ref _acknowledgedRedeemed, points);
    public void AcknowledgeRewardRedeemed(long points) => Interlocked.Add(ref _acknowledgedRewardPoints, points);
    public void AcknowledgeReturned(long points) => Interlocked.Add(ref _acknowledgedReturned, points);
    public void MarkUnresolvedWrite() => Interlocked.Increment(ref _unresolvedWrites);
}
