namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>
/// A member the generator drives, with the points the gateway acknowledged to it.
/// Workers share members, so the ledger is updated with interlocked adds.
/// </summary>
internal sealed class LoadMember(string memberId, string loyaltyNumber, string email, string phone)
{
    private long _acknowledgedEarned;
    private long _acknowledgedRedeemed;
    private int _unresolvedWrites;

    public string MemberId { get; } = memberId;
    public string LoyaltyNumber { get; } = loyaltyNumber;
    public string Email { get; } = email;
    public string Phone { get; } = phone;

    public long AcknowledgedEarned => Interlocked.Read(ref _acknowledgedEarned);
    public long AcknowledgedRedeemed => Interlocked.Read(ref _acknowledgedRedeemed);
    public long ExpectedBalance => AcknowledgedEarned - AcknowledgedRedeemed;

    /// <summary>A write whose outcome stayed unknown after its retry makes the expected balance unknowable.</summary>
    public bool HasUnresolvedWrites => Volatile.Read(ref _unresolvedWrites) > 0;

    public void AcknowledgeEarned(long points) => Interlocked.Add(ref _acknowledgedEarned, points);
    public void AcknowledgeRedeemed(long points) => Interlocked.Add(ref _acknowledgedRedeemed, points);
    public void MarkUnresolvedWrite() => Interlocked.Increment(ref _unresolvedWrites);
}
