using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Storage.Identity;
using OrleansLoyalty.Storage.Ledger;

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
            ThrowIfMoved();
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
        await CatchUp();
        ThrowIfMoved();
        return Profile.IsEnrolled ? View() : null;
    }

    public async Task<MergeOrigin?> GetMergeOrigin()
    {
        await CatchUp();
        return Profile.MergedInto;
    }

    public Task StreamChanged()
    {
        mustCatchUp = true;
        return Task.CompletedTask;
    }

    public async Task<LinkResult> LinkIdentifier(LinkIdentifierCommand command)
    {
        var identifier = new Identifier(command.Identifier.Type, command.Identifier.Value);
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (!await TryCatchUp()) return new LinkResult(LinkStatus.Unavailable, null);
            ThrowIfMoved();
            if (!Profile.IsEnrolled) return new LinkResult(LinkStatus.MemberNotFound, null);
            // Linking what the member has is a no-op, unless it now comes verified.
            if (Link(command.Identifier) is { } existing && (existing.Verified || !command.Verified))
            {
                return new LinkResult(LinkStatus.AlreadyLinked, existing);
            }
            var linked = new IdentifierLinked(time.GetUtcNow(), identifier, command.Verified, command.Source);
            LinkOutcome outcome;
            try
            {
                outcome = await store.TryLink(MemberId, linked);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A link to member {MemberId} has an unknown outcome", MemberId);
                mustCatchUp = true;
                return new LinkResult(LinkStatus.Unavailable, null);
            }
            switch (outcome.Kind)
            {
                case LinkOutcomeKind.Linked:
                    Profile.Apply(outcome.Version!.Value, linked);
                    await SaveState();
                    await TellOthers(command.Identifier);
                    return new LinkResult(LinkStatus.Linked, Link(command.Identifier));
                case LinkOutcomeKind.Taken:
                    return new LinkResult(LinkStatus.Taken, null);
                case LinkOutcomeKind.AlreadyLinked:
                    // The index has it for this member, the state does not (yet): catch up and answer from there.
                    mustCatchUp = true;
                    continue;
                case LinkOutcomeKind.Refused:
                    return new LinkResult(LinkStatus.Rejected, null);
                case LinkOutcomeKind.Closed:
                    // A merge is closing the member: once it completes, the retry reaches the survivor.
                    return new LinkResult(LinkStatus.Unavailable, null);
                default:
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)));
                    continue;
            }
        }
        return new LinkResult(LinkStatus.Unavailable, null);
    }

    public async Task<UnlinkStatus> UnlinkIdentifier(IdentifierValue identifier, string source)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (!await TryCatchUp()) return UnlinkStatus.Unavailable;
            ThrowIfMoved();
            if (!Profile.IsEnrolled) return UnlinkStatus.MemberNotFound;
            if (Link(identifier) is null) return UnlinkStatus.NotLinked;
            if (IdentifierType.IsStrong(identifier.Type) && !Profile.Links.Exists(l => IdentifierType.IsStrong(l.Type) && !(l.Type == identifier.Type && l.Value == identifier.Value)))
            {
                return UnlinkStatus.LastStrongIdentifier;
            }
            var unlinked = new IdentifierUnlinked(time.GetUtcNow(), new Identifier(identifier.Type, identifier.Value), source);
            LinkOutcome outcome;
            try
            {
                outcome = await store.TryUnlink(MemberId, unlinked);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "An unlink from member {MemberId} has an unknown outcome", MemberId);
                mustCatchUp = true;
                return UnlinkStatus.Unavailable;
            }
            switch (outcome.Kind)
            {
                case LinkOutcomeKind.Unlinked:
                    Profile.Apply(outcome.Version!.Value, unlinked);
                    await SaveState();
                    await TellOthers(identifier);
                    return UnlinkStatus.Unlinked;
                case LinkOutcomeKind.NotLinked:
                    mustCatchUp = true;
                    continue;
                case LinkOutcomeKind.Closed:
                    return UnlinkStatus.Unavailable;
                default:
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)));
                    continue;
            }
        }
        return UnlinkStatus.Unavailable;
    }

    private IdentifierLinkView? Link(IdentifierValue identifier) => Profile.Links.Find(l => l.Type == identifier.Type && l.Value == identifier.Value);

    private void ThrowIfMoved()
    {
        if (Profile.MergedInto is { } origin) throw new MemberMovedException(MemberId, origin.SurvivorId);
    }

    private async Task CatchUp()
    {
        if (!await TryCatchUp()) throw new MemberUnavailableException($"The profile of member {MemberId} cannot be read now; retry shortly.");
    }

    public async Task<ProfileUpdateResult> UpdateProfile(UpdateProfileCommand command)
    {
        var update = new ProfileUpdate(command.FirstName, Field(command.LastName), Field(command.Locale), Field(command.TimeZone));
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (!await TryCatchUp()) return new ProfileUpdateResult(ProfileUpdateStatus.Unavailable, null);
            ThrowIfMoved();
            if (!Profile.IsEnrolled) return new ProfileUpdateResult(ProfileUpdateStatus.MemberNotFound, null);
            var (updated, changed) = update.ApplyTo(Profile.Profile!.ToDomain());
            // A change to what is already there is no event: the history shows only real changes.
            if (changed.Count == 0) return new ProfileUpdateResult(ProfileUpdateStatus.Unchanged, View());

            var @event = new ProfileChanged(time.GetUtcNow(), updated, changed, command.Actor);
            StreamAppend appended;
            try
            {
                appended = await store.TryAppendAtEnd(MemberId, @event);
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
            // A merge is closing the member: once it completes, the retry reaches the survivor.
            if (appended.IsClosed) return new ProfileUpdateResult(ProfileUpdateStatus.Unavailable, null);
            if (appended.Version is not { } version)
            {
                // The ledger appended at that version first: take the next one.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)));
                continue;
            }
            Profile.Apply(version, @event);
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
            // A state of an older shape is rebuilt from the stream rather than converted.
            if (!Profile.IsCurrent) state.State = new ProfileState();
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

    /// <summary>The ledger (which checks ownership before serving a card) and the identifier's cached owner learn of a link change now.</summary>
    private async Task TellOthers(IdentifierValue identifier)
    {
        await TellLedger();
        try
        {
            await GrainFactory.GetGrain<IIdentifierGrain>(IdentifierKey.For(identifier.Type, identifier.Value)).Refresh();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The cached owner of a {Type} was not refreshed; the member disowns it when asked", identifier.Type);
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
        Profile.Links,
        Profile.EnrolledAt);
}
