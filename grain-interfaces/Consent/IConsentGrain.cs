using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Consent;

/// <summary>
/// A member's consents (keyed by the member id), with their full history in PostgreSQL. Calls no other grain, so any grain
/// may ask it (the member grain before profiling, the arbiter before a send) without a cycle.
/// </summary>
[Alias("OrleansLoyalty.IConsentGrain")]
public interface IConsentGrain : IGrainWithStringKey
{
    [ReadOnly]
    [Alias("GetConsents")]
    Task<IReadOnlyList<ConsentView>> GetConsents();

    [ReadOnly]
    [Alias("GetHistory")]
    Task<IReadOnlyList<ConsentChangeView>> GetHistory();

    /// <summary>Records the requested changes that change something (a no-op is not a new history entry); returns how many were recorded.</summary>
    [Alias("Change")]
    Task<ConsentChangeResult> Change(ChangeConsentsCommand command);

    /// <summary>Whether <paramref name="purpose"/> is granted on any channel: what purpose-bound processing checks.</summary>
    [ReadOnly]
    [Alias("IsGrantedForPurpose")]
    Task<bool> IsGrantedForPurpose(string purpose);
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ConsentView")]
public sealed record ConsentView(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Purpose,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset? ChangedAt,
    [property: Id(4)] string Source,
    [property: Id(5)] string? PolicyVersion);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ConsentChangeView")]
public sealed record ConsentChangeView(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string Channel,
    [property: Id(2)] string Purpose,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset ChangedAt,
    [property: Id(5)] string Source,
    [property: Id(6)] string? PolicyVersion);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ConsentChangeRequest")]
public sealed record ConsentChangeRequest([property: Id(0)] string Channel, [property: Id(1)] string Purpose, [property: Id(2)] string Status);

/// <param name="Source">Who changed it: the API key's name (a touchpoint), later a member token.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ChangeConsentsCommand")]
public sealed record ChangeConsentsCommand(
    [property: Id(0)] IReadOnlyList<ConsentChangeRequest> Consents,
    [property: Id(1)] string? PolicyVersion,
    [property: Id(2)] string Source);

/// <param name="Recorded">How many changes were recorded (requests that changed nothing are not).</param>
/// <param name="Available">False when storage could not be written: nothing is known to have changed; retry.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ConsentChangeResult")]
public sealed record ConsentChangeResult([property: Id(0)] bool Available, [property: Id(1)] int Recorded, [property: Id(2)] IReadOnlyList<ConsentView> Consents);
