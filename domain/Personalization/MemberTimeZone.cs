namespace OrleansLoyalty.Domain.Personalization;

/// <summary>The time zone a member's weekdays and hours are read in.</summary>
public static class MemberTimeZone
{
    /// <summary>
    /// The zone for an IANA id such as "Europe/Berlin" (what <c>MemberProfile.TimeZone</c> holds). Members
    /// who gave none, or an id this host does not know, are read in UTC: a profile in the wrong zone is
    /// still a profile, whereas refusing to build one would hide the member from every offer.
    /// </summary>
    public static TimeZoneInfo FromIanaId(string? ianaId) =>
        !string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId.Trim(), out var zone)
            ? zone
            : TimeZoneInfo.Utc;
}
