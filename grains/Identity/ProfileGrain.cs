using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Storage.Identity;

namespace OrleansLoyalty.Grains.Identity;

/// <summary>
/// A member's profile and identity. Its state is kept by Orleans' ADO.NET grain storage; its changes are
/// events in the member's stream, committed first, so the feed carries them and the state can always be
/// caught up from the stream (a state write that fails after its event committed loses nothing).
/// </summary>
/// <remarks>
/// It never calls back into a grain that calls it: it tells the ledger grain that the stream moved, and
/// the ledger grain never calls it.
/// </remarks>
public sealed class ProfileGrain(
    [PersistentState("profile", ProfileState.StorageName)] IPersistentState<ProfileState> state,
    ProfileStore store,
    TimeProvider time,
    ILogger<ProfileGrain> logger)
    : Grain, IProfileGrain
{
    // A profile append loses only to a ledger append at the same version; more than a few in a row is a storm.
    private const int MaxWriteAttempts = 5;

    /// <summary>Whether the stream must be checked for profile events the state lacks: at activation, and after any unknown outcome.</summary>
    private bool mustCatchUp = true;

    private string MemberId => this.GetPrimaryKeyString();

    private ProfileState Profile => state.State;

    public async Task<EnrolmentResult> Enrol(EnrolMemberCommand command)
    {
        var identifiers = command.Identifiers.Select(i => new Identifier(i.Type, i.Value)).ToList();
        var profile = new MemberProfile(command.Profile.FirstName, command.Profile.LastName, command.Profile.Locale, command.Profile.TimeZone);
        var fingerprint = CommandFingerprint.Of("enrol", identifiers.Select(i => new[] { i.Type, i.Value }), profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone);
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (!await TryCatchUp()) return new EnrolmentResult(EnrolmentStatus.Unavailable, null, null);
            if (Profile.IsEnrolled)
            {
                // Only an enrolment retried with its idempotency key can reach a member that exists.
                return Profile.EnrolmentFingerprint == fingerprint
                    ? new EnrolmentResult(EnrolmentStatus.Replayed, View(), null)
                    : new EnrolmentResult(EnrolmentStatus.IdempotencyKeyConflict, null, null);
            }
            var enrolled = new MemberEnrolled(time.GetUtcNow(), LoyaltyNumber.Generate(), identifiers, profile, command.IdempotencyKey, fingerprint);
            EnrolmentClaim claim;
            try
            {
                claim = await store.TryEnrol(MemberId, enrolled);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Enrolment of {MemberId} has an unknown outcome", MemberId);
                mustCatchUp = true;
                return new EnrolmentResult(EnrolmentStatus.Unavailable, null, null);
            }
            if (claim.Succeeded)
            {
                Profile.Apply(1, enrolled);
                await SaveState();
                return new EnrolmentResult(EnrolmentStatus.Enrolled, View(), null);
            }
            if (claim.StoreRefused) return new EnrolmentResult(EnrolmentStatus.Rejected, null, null);
            if (claim.StreamExists)
            {
                mustCatchUp = true;
                continue;
            }
            if (claim.TakenIdentifier is { Type: not IdentifierType.Loyalty } taken)
            {
                return new EnrolmentResult(EnrolmentStatus.IdentifierTaken, null, new IdentifierValue(taken.Type, taken.Value));
            }
            // The random loyalty number was already issued: draw another.
        }
        return new EnrolmentResult(EnrolmentStatus.Unavailable, null, null);
    }

    public async Task<MemberProfileView?> GetProfile()
    {
        if (!await TryCatchUp()) throw new MemberUnavailableException($"The profile of member {MemberId} cannot be read now; retry shortly.");
        return Profile.IsEnrolled ? View() : null;
    }

    public async Task<ProfileUpdateResult> UpdateProfile(UpdateProfileCommand command)
    {
        var update = new ProfileUpdate(command.FirstName, Field(command.LastName), Field(command.Locale), Field(command.TimeZone));
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (!await TryCatchUp()) return new ProfileUpdateResult(ProfileUpdateStatus.Unavailable, null);
            if (!Profile.IsEnrolled) return new ProfileUpdateResult(ProfileUpdateStatus.MemberNotFound, null);
            var (updated, changed) = update.ApplyTo(Profile.Profile!.ToDomain());
            // A change to what is already there is no event: the history shows only real changes.
            if (changed.Count == 0) return new ProfileUpdateResult(ProfileUpdateStatus.Unchanged, View());

            var @event = new ProfileChanged(time.GetUtcNow(), updated, changed, command.Actor);
            int? version;
            try
            {
                version = await store.TryAppendAtEnd(MemberId, @event);
            }
            catch (ArgumentException)
            {
                return new ProfileUpdateResult(ProfileUpdateStatus.Rejected, null);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A profile change of member {MemberId} has an unknown outcome", MemberId);
                mustCatchUp = true;
                return new ProfileUpdateResult(ProfileUpdateStatus.Unavailable, null);
            }
            if (version is not { } appended)
            {
                // The ledger appended at that version first: take the next one.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)));
                continue;
            }
            Profile.Apply(appended, @event);
            await SaveState();
            await TellLedger();
            return new ProfileUpdateResult(ProfileUpdateStatus.Updated, View());
        }
        logger.LogWarning("Member {MemberId}: a profile change lost {Attempts} races in a row", MemberId, MaxWriteAttempts);
        return new ProfileUpdateResult(ProfileUpdateStatus.Unavailable, null);
    }

    private static FieldValue? Field(ProfileFieldValue? value) => value is null ? null : new FieldValue(value.Value);

    /// <summary>Applies the stream's profile events the state lacks; false when storage cannot be read now.</summary>
    private async Task<bool> TryCatchUp()
    {
        if (!mustCatchUp) return true;
        try
        {
            var missed = await store.ProfileEventsAfter(MemberId, Profile.StreamVersion);
            foreach (var (version, @event) in missed) Profile.Apply(version, @event);
            mustCatchUp = false;
            if (missed.Count > 0) await SaveState();
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The profile events of member {MemberId} could not be read", MemberId);
            return false;
        }
    }

    /// <summary>
    /// Stores the state after its event committed. A failure loses nothing (the event is the truth, and the
    /// next activation catches up from it), so it is logged, not answered as an error.
    /// </summary>
    private async Task SaveState()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The profile state of member {MemberId} was not stored; it is rebuilt from the stream", MemberId);
            // The stored ETag may no longer match: read it again before the next write.
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception again)
            {
                logger.LogDebug(again, "Re-reading the profile state of member {MemberId} failed too", MemberId);
            }
            mustCatchUp = true;
        }
    }

    /// <summary>The ledger grain shows the member's first name on the POS card: it re-reads the stream now rather than at its next write.</summary>
    private async Task TellLedger()
    {
        try
        {
            await GrainFactory.GetGrain<IMemberGrain>(MemberId).StreamChanged();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The ledger of member {MemberId} was not told of a profile change; it sees it at its next read", MemberId);
        }
    }

    private MemberProfileView View() => new(
        MemberId,
        Profile.LoyaltyNumber!,
        Profile.Profile!,
        [.. Profile.Identifiers, new IdentifierValue(IdentifierType.Loyalty, Profile.LoyaltyNumber!)],
        Profile.EnrolledAt);
}
