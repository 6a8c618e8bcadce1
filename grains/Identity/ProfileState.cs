using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.Storage.Identity;

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

    /// <summary>The shape of the projection: a state of an older shape is rebuilt from the stream (<see cref="IsCurrent"/>).</summary>
    public const int CurrentSchema = 2;

    /// <summary>The version of the latest profile event applied (0: none).</summary>
    [Id(0)] public int StreamVersion { get; set; }

    [Id(1)] public string? LoyaltyNumber { get; set; }

    [Id(2)] public ProfileData? Profile { get; set; }

    /// <summary>Schema 1 kept the enrolment's identifiers here; unused since <see cref="Links"/>.</summary>
    [Id(3)] public List<IdentifierValue> Identifiers { get; set; } = [];

    [Id(4)] public DateTimeOffset EnrolledAt { get; set; }

    /// <summary>What the enrolment asked for, so a retried enrolment is told apart from another one under the same key.</summary>
    [Id(5)] public string? EnrolmentFingerprint { get; set; }

    [Id(6)] public int Schema { get; set; } = CurrentSchema;

    /// <summary>Every identifier the member owns, its loyalty number included, in the order linked.</summary>
    [Id(7)] public List<IdentifierLinkView> Links { get; set; } = [];

    /// <summary>Set while the member is a tombstone: the merge that absorbed it.</summary>
    [Id(8)] public MergeOrigin? MergedInto { get; set; }

    public bool IsEnrolled => LoyaltyNumber is not null;

    public bool IsCurrent => Schema == CurrentSchema;

    /// <summary>Folds one profile event at its stream version; other events carry nothing of the profile.</summary>
    public void Apply(int version, MemberEvent @event)
    {
        switch (@event)
        {
            case MemberEnrolled enrolled:
                LoyaltyNumber = enrolled.LoyaltyNumber;
                Profile = ProfileDataOf(enrolled.Profile);
                Links = [.. enrolled.Identifiers.Select(i => new IdentifierLinkView(i.Type, i.Value, false, IdentifierSources.Enrolment, enrolled.RecordedAt)),
                    new IdentifierLinkView(IdentifierType.Loyalty, enrolled.LoyaltyNumber, true, IdentifierSources.Program, enrolled.RecordedAt)];
                EnrolledAt = enrolled.RecordedAt;
                EnrolmentFingerprint = enrolled.Fingerprint;
                break;
            case ProfileChanged changed:
                Profile = ProfileDataOf(changed.Profile);
                break;
            case IdentifierLinked linked:
                Unlink(linked.Identifier);
                Links.Add(new IdentifierLinkView(linked.Identifier.Type, linked.Identifier.Value, linked.Verified, linked.Source, linked.RecordedAt));
                break;
            case IdentifierUnlinked unlinked:
                Unlink(unlinked.Identifier);
                break;
            case MergedAway away:
                MergedInto = new MergeOrigin(away.MergeId, away.SurvivorId);
                Links = [];
                break;
            case MergeApplied applied:
                foreach (var link in applied.Brought.Identifiers)
                {
                    Unlink(link.Identifier);
                    Links.Add(new IdentifierLinkView(link.Identifier.Type, link.Identifier.Value, link.Verified, link.Source, link.LinkedAt));
                }
                if (Profile is not null) Profile = ProfileDataOf(ProfileMerge.Merge(Profile.ToDomain(), applied.Brought.Profile).Profile);
                break;
            case MergeUndone undone:
                foreach (var identifier in undone.Identifiers) Unlink(identifier);
                break;
            case MemberRestored restored:
                MergedInto = null;
                Links = [.. restored.Identifiers.Select(l => new IdentifierLinkView(l.Identifier.Type, l.Identifier.Value, l.Verified, l.Source, l.LinkedAt))];
                break;
        }
        StreamVersion = Math.Max(StreamVersion, version);
    }

    public bool Owns(IdentifierValue identifier) => Links.Exists(l => l.Type == identifier.Type && l.Value == identifier.Value);

    private void Unlink(Identifier identifier) => Links.RemoveAll(l => l.Type == identifier.Type && l.Value == identifier.Value);

    private static ProfileData ProfileDataOf(MemberProfile profile) => new(profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone);
}

internal static class ProfileDataExtensions
{
    public static MemberProfile ToDomain(this ProfileData profile) => new(profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone);
}
