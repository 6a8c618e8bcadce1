namespace OrleansLoyalty.Domain.Identity;

/// <summary>The kinds of identifier the identity index maps to a member, by their wire names.</summary>
public static class IdentifierType
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Loyalty = "loyalty";

    /// <summary>An app install token.</summary>
    public const string AppDevice = "app_device";

    /// <summary>A first-party browser id.</summary>
    public const string WebCookie = "web_cookie";

    /// <summary>A physical card's number.</summary>
    public const string PosCard = "pos_card";

    /// <summary>An id in another system, namespaced by that system: <c>salesforce:0031x…</c>.</summary>
    public const string External = "external";

    /// <summary>A partner's id for the member, namespaced by the partner: <c>airline:AB123456</c>.</summary>
    public const string Partner = "partner";

    public static readonly IReadOnlyList<string> All = [Email, Phone, Loyalty, AppDevice, WebCookie, PosCard, External, Partner];

    /// <summary>
    /// Identifiers a member brings at enrolment: at least one strong one, and the app install or browser they enrol
    /// from (so what it did anonymously joins them). The loyalty number is assigned, never chosen.
    /// </summary>
    public static readonly IReadOnlyList<string> Enrollable = [Email, Phone, AppDevice, WebCookie];

    /// <summary>
    /// Not an identifier: the app's one-time QR token (<see cref="QrTokenCodec"/>), which the POS lookup takes in place of
    /// one. It names a member for a single scan, so it is never stored, linked or enrolled, and is not in <see cref="All"/>.
    /// </summary>
    public const string QrToken = "qr";

    /// <summary>What the POS lookup takes as its type: every identifier kind, and the app's QR token.</summary>
    public static readonly IReadOnlyList<string> Lookup = [.. All, QrToken];

    /// <summary>
    /// Identifiers seen before anyone signs in: an app install, a browser. What they do builds an anonymous profile
    /// until they join a member, by enrolment or a link.
    /// </summary>
    public static readonly IReadOnlyList<string> Devices = [AppDevice, WebCookie];

    /// <summary>Identifiers strong enough to name a person on their own: a member always keeps at least one.</summary>
    public static readonly IReadOnlyList<string> Strong = [Email, Phone, Loyalty];

    public static bool IsStrong(string type) => Strong.Contains(type);

    public static bool IsKnown(string? type) => type is not null && All.Contains(type);
}
