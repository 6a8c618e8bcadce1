using OrleansLoyalty.Domain.Members;

namespace OrleansLoyalty.Domain.Tests.Members;

/// <summary>The profile-merge rule: the survivor's fields win; what it lacks is filled from the absorbed member.</summary>
public sealed class ProfileMergeTests
{
    [Fact]
    public void Every_field_the_survivor_has_wins()
    {
        var (merged, filled) = ProfileMerge.Merge(new MemberProfile("Ann", "Lee", "de-DE", "Europe/Berlin"), new MemberProfile("Annie", "Li", "en-US", "America/New_York"));

        Assert.Equal(new MemberProfile("Ann", "Lee", "de-DE", "Europe/Berlin"), merged);
        Assert.Empty(filled);
    }

    [Fact]
    public void Fields_the_survivor_lacks_are_filled_from_the_absorbed_member_and_named()
    {
        var (merged, filled) = ProfileMerge.Merge(new MemberProfile("Ann", null, "de-DE", null), new MemberProfile("Annie", "Li", "en-US", "America/New_York"));

        Assert.Equal(new MemberProfile("Ann", "Li", "de-DE", "America/New_York"), merged);
        Assert.Equal([ProfileUpdate.LastNameField, ProfileUpdate.TimeZoneField], filled);
    }

    [Fact]
    public void Nothing_to_take_leaves_the_survivor_as_it_is()
    {
        var survivor = new MemberProfile("Ann", null, null, null);

        Assert.Equal((survivor, 0), (ProfileMerge.Merge(survivor, null).Profile, ProfileMerge.Merge(survivor, null).Filled.Count));
        Assert.Equal(survivor, ProfileMerge.Merge(survivor, new MemberProfile("Bob", null, null, null)).Profile);
    }
}
