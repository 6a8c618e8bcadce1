using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;

namespace OrleansLoyalty.Domain.Tests.Ledger;

/// <summary>Events as the member grain would raise them; the fingerprint is derived from the key unless given.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static MemberEnrolled Enrolled(DateTimeOffset at) => new(
        at,
        "123456789015",
        [new Identifier(IdentifierType.Email, "ann@example.com"), new Identifier(IdentifierType.Phone, "+4915123456789")],
        new MemberProfile("Ann", "Smith", "de-DE", "Europe/Berlin"),
        "enrol-1",
        "fp-enrol-1");

    public static PointsEarned Earned(string key, long points, DateTimeOffset occurredAt, DateTimeOffset? recordedAt = null) =>
        new(recordedAt ?? occurredAt, key, "fp-" + key, points, points + 0.50m, "EUR", occurredAt, "pos", "store-7");

    public static PointsRedeemed Redeemed(string key, long points, DateTimeOffset at) =>
        new(at, key, "fp-" + key, points, "reward", "app");

    public static PointsAdjusted Adjusted(string key, long points, DateTimeOffset at) =>
        new(at, key, "fp-" + key, points, "goodwill", "agent-12");

    public static MemberAccount AccountWith(params MemberEvent[] events)
    {
        var account = new MemberAccount();
        foreach (var @event in events)
        {
            account.Apply(@event);
        }
        return account;
    }
}
