using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>Tiers by spend, benefits at the till and in the wallet, upgrade and anniversary review as events, on PostgreSQL.</summary>
[Collection(ProgramCollection.Name)]
public sealed class TiersApiTests(ProgramFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_member_upgraded_by_spend_sees_the_benefits_everywhere_and_the_anniversary_review_lowers_the_tier_one_level_once()
    {
        await Programs.Replace(admin, Programs.Example());
        var enrolment = await Api.Enrol(admin);
        var memberId = (string)enrolment["memberId"]!;
        // The member enrolled two years and 40 days ago: the last anniversary was 40 days ago, its 30 days of grace are over.
        await fixture.Database.ScalarAsync("""
            WITH e AS (UPDATE member_events SET payload = jsonb_set(payload, '{recordedAt}', to_jsonb(to_char((now() - interval '2 years 40 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
                       WHERE member_id = $1 AND version = 1 RETURNING 1) SELECT count(*) FROM e
            """, memberId);
        await fixture.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IMemberGrain>(memberId).StreamChanged();

        // 1,000 EUR of spend reaches rouge on spend alone (points would need 2,000 at two per euro: the purchase earns pending points).
        var purchase = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("rouge-1", 1_000m, DateTimeOffset.UtcNow.AddMinutes(-1)))).Json(HttpStatusCode.OK);
        Assert.Equal("rouge", (string)purchase["tier"]!);

        var card = await (await pos.GetAsync($"/v1/members/lookup?type=loyalty&value={enrolment["loyaltyNumber"]}")).Json(HttpStatusCode.OK);
        Assert.Equal((true, true, 500L, 1.5m), ((bool)card["benefits"]!["priorityService"]!, (bool)card["benefits"]!["earlyAccess"]!, (long)card["benefits"]!["birthdayPoints"]!, (decimal)card["benefits"]!["earnMultiplier"]!));
        var wallet = await (await admin.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal((1_000m, 1, true), ((decimal)wallet["tier"]!["qualifyingSpend"]!, (int)wallet["tier"]!["qualifyingPurchases"]!, (bool)wallet["tier"]!["benefits"]!["freeShipping"]!));

        // The upgrade is told of as an event just after the purchase, by the scheduler.
        await Eventually.Holds(async () => await TierChanges(memberId, "qualified") == 1, TimeSpan.FromSeconds(20), "the upgrade event");

        // The review falls due (as it would a year on): the window ending at the review holds none of this activity.
        await DueNow(memberId);
        await Eventually.Holds(async () => await TierChanges(memberId, "anniversary-review") == 1, TimeSpan.FromSeconds(20), "the review");
        var reviewed = await (await admin.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal("vib", (string)reviewed["tier"]!["name"]!);
        await Eventually.Holds(async () => await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM due_work WHERE kind = 'tier-review' AND key = $1 AND due_at > now() + interval '200 days'", memberId) == 1,
            TimeSpan.FromSeconds(10), "the next review a year on");

        // A second delivery of the same review decides nothing again: one level per anniversary.
        await DueNow(memberId);
        await Eventually.Holds(async () => await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM due_work WHERE kind = 'tier-review' AND key = $1 AND due_at > now() + interval '200 days'", memberId) == 1,
            TimeSpan.FromSeconds(10), "the review run again");
        Assert.Equal(1, await TierChanges(memberId, "anniversary-review"));
        Assert.Equal("vib", (string)(await (await admin.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK))["tier"]!["name"]!);
    }

    [Fact]
    public async Task A_merge_is_tiered_by_the_running_program_and_the_summed_activity_reaches_the_next_tier()
    {
        await Programs.Replace(admin, Programs.Example());
        var (absorbedId, survivorId) = ((string)(await Api.Enrol(admin))["memberId"]!, (string)(await Api.Enrol(admin))["memberId"]!);
        // 200 EUR of shoes is 400 points under the example program: each stays an insider, together they reach vib (700).
        await (await pos.PostAsJsonAsync($"/v1/members/{absorbedId}/purchases", Api.PurchaseBody("merge-tier-a", 200m))).Json(HttpStatusCode.OK);
        await (await pos.PostAsJsonAsync($"/v1/members/{survivorId}/purchases", Api.PurchaseBody("merge-tier-s", 200m))).Json(HttpStatusCode.OK);

        var merged = await (await admin.PostAsJsonAsync($"/v1/members/{survivorId}/merges", new { memberId = absorbedId, reason = "duplicate", idempotencyKey = "merge-tier" }))
            .Json(HttpStatusCode.OK);

        Assert.Equal("vib", (string)merged["tier"]!);
        await Eventually.Holds(async () => await TierChanges(survivorId, "qualified") == 1, TimeSpan.FromSeconds(30), "the tier the merge reached being announced");

        var undone = await (await admin.PostAsync($"/v1/members/{survivorId}/merges/{absorbedId}/undo", null)).Json(HttpStatusCode.OK);
        Assert.Equal("insider", (string)undone["survivor"]!["tier"]!);
    }

    private Task<long> TierChanges(string memberId, string reason) => fixture.Database.ScalarAsync(
        "SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type = 'tier-changed' AND payload->>'reason' = $2", memberId, reason);

    private Task<long> DueNow(string memberId) => fixture.Database.ScalarAsync(
        "WITH d AS (UPDATE due_work SET due_at = now() - interval '1 hour' WHERE kind = 'tier-review' AND key = $1 RETURNING 1) SELECT count(*) FROM d", memberId);
}
