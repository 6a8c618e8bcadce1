namespace OrleansLoyalty.Grains.Personalization;

/// <summary>Configuration section <c>Loyalty:AnonymousProfiles</c>.</summary>
public sealed class AnonymousProfileOptions
{
    public const string Section = "Loyalty:AnonymousProfiles";

    /// <summary>How long an anonymous profile that never joins a member is kept after its last event (a TimeSpan, e.g. "90.00:00:00").</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
