using System.Text.Json;
using OrleansLoyalty.Domain.Ledger;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Ledger;

public sealed class MemberEventJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TheoryData<MemberEvent, string> LedgerEvents => new()
    {
        { Earned("buy-1", 42, T0.ToOffset(TimeSpan.FromHours(2)), T0.AddMinutes(5)) with { Items = [new("A1", "shoes", 1, 42.50m)] }, "earned" },
        { Earned("buy-2", 7, T0) with { StoreId = null }, "earned" },
        { Redeemed("redeem-1", 30, T0), "redeemed" },
        { Adjusted("fix-1", -20, T0), "adjusted" },
    };

    [Theory]
    [MemberData(nameof(LedgerEvents))]
    public void Ledger_events_round_trip_with_their_kind(MemberEvent @event, string kind)
    {
        var json = JsonSerializer.Serialize(@event, Web);
        var restored = JsonSerializer.Deserialize<MemberEvent>(json, Web);

        Assert.StartsWith($$"""{"kind":"{{kind}}",""", json);
        Assert.DoesNotContain("eventType", json);
        Assert.IsType(@event.GetType(), restored);
        // Records compare lists by reference, so equality is checked on the serialized form.
        Assert.Equal(json, JsonSerializer.Serialize(restored, Web));
        Assert.Equal(kind, restored!.EventType);
    }

    [Fact]
    public void Enrolment_round_trips_with_its_identifiers_and_profile()
    {
        var enrolled = Enrolled(T0);

        var json = JsonSerializer.Serialize<MemberEvent>(enrolled, Web);
        var restored = Assert.IsType<MemberEnrolled>(JsonSerializer.Deserialize<MemberEvent>(json, Web));

        Assert.StartsWith("""{"kind":"enrolled",""", json);
        Assert.Equal(enrolled.Identifiers, restored.Identifiers);
        // The list is compared above by content; records compare collections by reference.
        Assert.Equal(enrolled, restored with { Identifiers = enrolled.Identifiers });
    }

    [Fact]
    public void Amount_keeps_its_written_precision()
    {
        var json = JsonSerializer.Serialize<MemberEvent>(Earned("buy-1", 42, T0), Web);
        var restored = Assert.IsType<PointsEarned>(JsonSerializer.Deserialize<MemberEvent>(json, Web));

        Assert.Contains("\"amount\":42.50", json);
        Assert.Equal("42.50", restored.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
