using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.GrainInterfaces.Identity;

namespace OrleansLoyalty.Grains.Identity;

/// <summary>
/// The profile grain's stored state (Orleans ADO.NET grain storage, table OrleansStorage): a projection of the
/// member's profile events, with the stream version it has seen, so it can be caught up from the stream.
/// </summary>
[GenerateSerializer, Alias("OrleansLoyalty.ProfileState")]
public sealed class ProfileState
{
    /// <summary>The grain storage provider's name: one per grain type's state, as the ADO.NET provider expects.</summary>
    public const string StorageName = "profiles";

    /// <summary>The version of the latest profile event applied (0: none).</summary>
    [Id(0)] public int StreamVersion { get; set; }

    [Id(1)] public string? LoyaltyNumber { get; set; }

    [Id(2)] public ProfileData? Profile { get; set; }

    /// <summary>The identifiers given at enrolment (the loyalty number aside).</summary>
    [Id(3)] public List<IdentifierValue> Identifiers { get; set; } = [];

    [Id(4)] public DateTimeOffset EnrolledAt { get; set; }

    /// <summary>What the enrolment asked for, so a retried enrolment is told apart from another one under the same key.</summary>
    [Id(5)] public string? EnrolmentFingerprint { get; set; }

    public bool IsEnrolled => LoyaltyNumber is not null;

    /// <summary>Folds one profile event at its stream version; other events carry nothing of the profile.</summary>
    public void Apply(int version, MemberEvent @event)
    {
        switch (@event)
        {
            case MemberEnrolled enrolled:
                LoyaltyNumber = enrolled.LoyaltyNumber;
                Profile = ProfileDataOf(enrolled.Profile);
                Identifiers = [.. enrolled.Identifiers.Select(i => new IdentifierValue(i.Type, i.Value))];
                EnrolledAt = enrolled.RecordedAt;
                EnrolmentFingerprint = enrolled.Fingerprint;
                break;
            case ProfileChanged changed:
                Profile = ProfileDataOf(changed.Profile);
                break;
        }
        StreamVersion = Math.Max(StreamVersion, version);
    }

    private static ProfileData ProfileDataOf(MemberProfile profile) => new(profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone);
}

internal static class ProfileDataExtensions
{
    public static MemberProfile ToDomain(this ProfileData profile) => new(profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone);
}
