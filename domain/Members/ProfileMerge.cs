namespace OrleansLoyalty.Domain.Members;

/// <summary>
/// How two profiles become one when members merge: the survivor's profile is the one the customer kept using, so
/// every field it has wins; a field it lacks (last name, locale, time zone) is taken from the absorbed member. The
/// first name, which every member has, is always the survivor's. Undoing the merge leaves the filled-in fields: they
/// are the customer's own data either way, and the survivor may have confirmed them since.
/// </summary>
public static class ProfileMerge
{
    public static (MemberProfile Profile, IReadOnlyList<string> Filled) Merge(MemberProfile survivor, MemberProfile? absorbed)
    {
        if (absorbed is null) return (survivor, []);
        var filled = new List<string>();
        string? Fill(string? kept, string? offered, string field)
        {
            if (kept is not null || offered is null) return kept;
            filled.Add(field);
            return offered;
        }
        var merged = new MemberProfile(
            survivor.FirstName,
            Fill(survivor.LastName, absorbed.LastName, ProfileUpdate.LastNameField),
            Fill(survivor.Locale, absorbed.Locale, ProfileUpdate.LocaleField),
            Fill(survivor.TimeZone, absorbed.TimeZone, ProfileUpdate.TimeZoneField));
        return (merged, filled);
    }
}
