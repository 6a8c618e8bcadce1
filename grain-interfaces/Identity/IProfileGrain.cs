using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Identity;

/// <summary>
/// A member's profile and identity (keyed by the member id): enrolment, profile changes, the identifiers it
/// owns. The only writer of the identifier index; its changes are events in the member's stream.
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
}
