namespace OrleansLoyalty.Grains.Scheduling;

/// <summary>The kinds of timed work and the shard count, named once.</summary>
public static class DueWorkKinds
{
    /// <summary>A member re-evaluates its lifecycle stage and RFM cell, which can change with time alone.</summary>
    public const string SegmentRefresh = "segment-refresh";

    /// <summary>A merge whose request did not see it finish (its silo died, storage failed) runs its remaining steps.</summary>
    public const string MergeResume = Storage.Identity.MergeStore.ResumeWorkKind;

    /// <summary>How often an unfinished merge is tried again.</summary>
    public static readonly TimeSpan MergeRetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>How soon after a member's event, and then how often, its segment is re-evaluated.</summary>
    public static readonly TimeSpan SegmentRefreshInterval = TimeSpan.FromDays(1);

    /// <summary>An anonymous profile (key: its id) is deleted once it went unseen for the retention period and never joined a member.</summary>
    public const string AnonymousProfileExpiry = "anonymous-profile-expiry";

    /// <summary>The uses of expired app QR tokens are forgotten; one item (key <see cref="QrTokenPurgeKey"/>) that reschedules itself.</summary>
    public const string QrTokenPurge = "qr-token-purge";

    public const string QrTokenPurgeKey = "qr-token-uses";

    /// <summary>
    /// A member's pending lots become available and expired lots are written off. One item per (member, due second), keyed
    /// <c>{memberId}@{yyyyMMddTHHmmss}</c>, scheduled by the event that made the lot, so an earlier due time is never hidden by a
    /// later pending item; each run settles everything due, so items that meet find nothing left and end.
    /// </summary>
    public const string PointsLots = "points-lots";

    /// <summary>
    /// A member's paid membership lapses unless it was renewed: one item per (member, end of period), keyed like lots items,
    /// scheduled with the purchase or renewal; a run that finds the period extended writes nothing.
    /// </summary>
    public const string MembershipLapse = "membership-lapse";

    /// <summary>The key suffix of a member's item due at <paramref name="dueAt"/> (to the second: lots due in the same second share one item).</summary>
    public static string DueSecondSuffix(DateTimeOffset dueAt) =>
        "@" + dueAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The member a lots or membership item belongs to.</summary>
    public static string DueSecondMember(string key) => key[..key.LastIndexOf('@')];

    /// <summary>
    /// A member's tier work: the key <c>{member}</c> is the anniversary review (moved on a year each time while the tier
    /// is above the first), <c>{member}#announce</c> tells of an upgrade a purchase decided, just after it committed.
    /// </summary>
    public const string TierReview = "tier-review";

    public const string TierAnnounceSuffix = "#announce";

    /// <summary>The member a tier item belongs to.</summary>
    public static string TierReviewMember(string key) => key.EndsWith(TierAnnounceSuffix, StringComparison.Ordinal) ? key[..^TierAnnounceSuffix.Length] : key;

    public static readonly TimeSpan QrTokenPurgeInterval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A member's challenges are checked just after a purchase in a running challenge's window (key <c>{member}#challenges</c>,
    /// scheduled with the purchase): a reached one is rewarded once, by an event of its own.
    /// </summary>
    public const string ChallengeCheck = "challenge-check";

    public const string ChallengeCheckSuffix = "#challenges";

    public static string ChallengeCheckMember(string key) => key.EndsWith(ChallengeCheckSuffix, StringComparison.Ordinal) ? key[..^ChallengeCheckSuffix.Length] : key;
}
