namespace OrleansLoyalty.Domain.Consent;

/// <summary>The channels a member can be reached on and the purposes their data can serve, by wire name.</summary>
public static class ConsentScopes
{
    public static readonly IReadOnlyList<string> Channels = ["email", "sms", "push", "in_app", "postal"];

    public static readonly IReadOnlyList<string> Purposes = ["marketing", "personalization", "profiling", "analytics"];

    public const string Granted = "granted";
    public const string Denied = "denied";

    public static readonly IReadOnlyList<string> Statuses = [Granted, Denied];
}

/// <summary>One recorded change of one consent: who changed it, when, from which touchpoint, under which policy version.</summary>
public sealed record ConsentChange(int Sequence, string Channel, string Purpose, string Status, DateTimeOffset ChangedAt, string Source, string? PolicyVersion);

/// <summary>A consent as it stands; <see cref="ChangedAt"/> is null for the default (nothing recorded: denied).</summary>
public sealed record ConsentState(string Channel, string Purpose, string Status, DateTimeOffset? ChangedAt, string Source, string? PolicyVersion);

/// <summary>A change a member or touchpoint asks for.</summary>
public sealed record ConsentRequest(string Channel, string Purpose, string Status);

/// <summary>
/// A member's consents as the fold of their recorded changes. The default is conservative: what was never granted is
/// denied. A request that would not change a consent records nothing, so the history holds real changes only.
/// </summary>
public sealed class ConsentLedger
{
    private readonly Dictionary<(string Channel, string Purpose), ConsentChange> current = [];
    private readonly List<ConsentChange> history = [];

    public ConsentLedger(IEnumerable<ConsentChange> changes)
    {
        foreach (var change in changes.OrderBy(c => c.Sequence)) Apply(change);
    }

    public int LastSequence => history.Count == 0 ? 0 : history[^1].Sequence;

    public IReadOnlyList<ConsentChange> History => history;

    /// <summary>Every channel and purpose, recorded or by default.</summary>
    public IReadOnlyList<ConsentState> Current =>
    [
        .. from channel in ConsentScopes.Channels
           from purpose in ConsentScopes.Purposes
           select current.TryGetValue((channel, purpose), out var change)
               ? new ConsentState(channel, purpose, change.Status, change.ChangedAt, change.Source, change.PolicyVersion)
               : new ConsentState(channel, purpose, ConsentScopes.Denied, null, "default", null),
    ];

    public bool IsGranted(string channel, string purpose) => current.TryGetValue((channel, purpose), out var change) && change.Status == ConsentScopes.Granted;

    /// <summary>Whether the purpose is granted on any channel: what purpose-bound processing (profiling, personalisation) checks.</summary>
    public bool IsGrantedForPurpose(string purpose) => current.Values.Any(c => c.Purpose == purpose && c.Status == ConsentScopes.Granted);

    /// <summary>The changes <paramref name="requests"/> make, numbered after the last recorded one; none for a request that changes nothing.</summary>
    public IReadOnlyList<ConsentChange> ChangesFor(IReadOnlyList<ConsentRequest> requests, DateTimeOffset at, string source, string? policyVersion)
    {
        var changes = new List<ConsentChange>();
        foreach (var request in requests)
        {
            var now = current.TryGetValue((request.Channel, request.Purpose), out var existing) ? existing.Status : ConsentScopes.Denied;
            if (now == request.Status) continue;
            changes.Add(new ConsentChange(LastSequence + changes.Count + 1, request.Channel, request.Purpose, request.Status, at, source, policyVersion));
        }
        return changes;
    }

    public void Apply(ConsentChange change)
    {
        current[(change.Channel, change.Purpose)] = change;
        history.Add(change);
    }
}
