using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Identity;

/// <summary>
/// A member's profile and identity (keyed by the member id): enrolment, profile changes, the identifiers it
/// owns. It writes the identifier index (merges move rows in it too); its changes are events in the member's stream.
/// A member merged away throws <see cref="Members.MemberMovedException"/> from every call but <see cref="GetMergeOrigin"/>.
/// </summary>
[Alias("OrleansLoyalty.IProfileGrain")]
public interface IProfileGrain : IGrainWithStringKey
{
    [Alias("Enrol")]
    Task<EnrolmentResult> Enrol(EnrolMemberCommand command);

    /// <summary>Null when no member is enrolled under this id.</summary>
    [ReadOnly]
    [Alias("GetProfile")]
    Task<MemberProfileView?> GetProfile();

    [Alias("UpdateProfile")]
    Task<ProfileUpdateResult> UpdateProfile(UpdateProfileCommand command);

    [Alias("LinkIdentifier")]
    Task<LinkResult> LinkIdentifier(LinkIdentifierCommand command);

    [Alias("UnlinkIdentifier")]
    Task<UnlinkStatus> UnlinkIdentifier(IdentifierValue identifier, string source);

    /// <summary>The merge that absorbed this member, if it is a tombstone (asked without forwarding, to undo it).</summary>
    [ReadOnly]
    [Alias("GetMergeOrigin")]
    Task<MergeOrigin?> GetMergeOrigin();

    /// <summary>Another writer (a merge) appended the member's profile events: catch up before the next answer.</summary>
    [Alias("StreamChanged")]
    Task StreamChanged();
}
