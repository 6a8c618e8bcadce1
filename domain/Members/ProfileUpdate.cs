namespace OrleansLoyalty.Domain.Members;

/// <summary>A new value for one optional profile field; <c>null</c> clears it.</summary>
public readonly record struct FieldValue(string? Value);

/// <summary>
/// A partial update of a profile (JSON merge patch semantics): a field left null here is unchanged, a
/// <see cref="FieldValue"/> sets it (or clears it, when its value is null). The first name can be changed, never cleared.
/// </summary>
public sealed record ProfileUpdate(string? FirstName, FieldValue? LastName, FieldValue? Locale, FieldValue? TimeZone)
{
    public const string FirstNameField = "firstName";
    public const string LastNameField = "lastName";
    public const string LocaleField = "locale";
    public const string TimeZoneField = "timeZone";

    /// <summary>The profile after the update, and the names of the fields whose value actually changed (none: a no-op).</summary>
    public (MemberProfile Profile, IReadOnlyList<string> Changed) ApplyTo(MemberProfile profile)
    {
        var updated = new MemberProfile(
            FirstName ?? profile.FirstName,
            LastName is { } lastName ? lastName.Value : profile.LastName,
            Locale is { } locale ? locale.Value : profile.Locale,
            TimeZone is { } timeZone ? timeZone.Value : profile.TimeZone);
        var changed = new List<string>();
        if (updated.FirstName != profile.FirstName) changed.Add(FirstNameField);
        if (updated.LastName != profile.LastName) changed.Add(LastNameField);
        if (updated.Locale != profile.Locale) changed.Add(LocaleField);
        if (updated.TimeZone != profile.TimeZone) changed.Add(TimeZoneField);
        return (updated, changed);
    }
}
