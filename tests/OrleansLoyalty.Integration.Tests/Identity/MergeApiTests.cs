using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>Merging members over HTTP: exact points, forwarding tombstones, both members' keys, chains, opposite merges and undo.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MergeApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_merge_sums_the_points_moves_every_identifier_and_the_absorbed_member_forwards_to_the_survivor()
    {
        var absorbed = await Api.Enrol(app);
        var survivor = await Api.Enrol(app);
        var (absorbedId, survivorId) = ((string)absorbed["memberId"]!, (string)survivor["memberId"]!);
        var firstPurchase = "p-" + Guid.NewGuid();
        await Purchase(absorbedId, firstPurchase, 100);
        await Redeem(absorbedId, 30);
        await Purchase(survivorId, "p-" + Guid.NewGuid(), 50);

        var merged = await (await Merge(survivorId, absorbedId)).Json(HttpStatusCode.OK);

        Assert.Equal((survivorId, 120L), ((string)merged["memberId"]!, (long)merged["pointsBalance"]!));
        foreach (var identifier in absorbed["identifiers"]!.AsArray())
        {
            var (type, value) = ((string)identifier!["type"]!, Uri.EscapeDataString((string)identifier["value"]!));
            Assert.Contains(merged["identifiers"]!.AsArray(), i => (string)i!["type"]! == type && Uri.EscapeDataString((string)i["value"]!) == value);
            Assert.Equal(survivorId, (string)(await (await pos.GetAsync($"/v1/identity/resolve?type={type}&value={value}")).Json(HttpStatusCode.OK))["memberId"]!);
            Assert.Equal(survivorId, (string)(await (await pos.GetAsync($"/v1/members/lookup?type={type}&value={value}")).Json(HttpStatusCode.OK))["memberId"]!);
        }
        // Calls addressed to the absorbed member reach the survivor, and say so.
        var viaOldId = await admin.GetAsync($"/v1/members/{absorbedId}");
        Assert.Equal(survivorId, (string)(await viaOldId.Json(HttpStatusCode.OK))["memberId"]!);
        Assert.Equal(survivorId, viaOldId.Headers.GetValues("Loyalty-Member-Id").Single());
        // A POS retry of the purchase first sent to the absorbed member is a replay, never a second credit.
        var retried = await (await pos.PostAsJsonAsync($"/v1/members/{absorbedId}/purchases", Api.PurchaseBody(firstPurchase, 100))).Json(HttpStatusCode.OK);
        // Answered as first answered (the balance then), by the survivor, which credits nothing.
        Assert.Equal((survivorId, true, 100L, 100L), ((string)retried["memberId"]!, (bool)retried["replayed"]!, (long)retried["pointsEarned"]!, (long)retried["pointsBalance"]!));
        Assert.Equal(120L, (long)(await (await admin.GetAsync($"/v1/members/{survivorId}")).Json(HttpStatusCode.OK))["pointsBalance"]!);
        var viaOld = await (await pos.PostAsJsonAsync($"/v1/members/{absorbedId}/purchases", Api.PurchaseBody("p-" + Guid.NewGuid(), 10))).Json(HttpStatusCode.OK);
        Assert.Equal((survivorId, 130L), ((string)viaOld["memberId"]!, (long)viaOld["pointsBalance"]!));

        // Both ledgers show the merge: the survivor's the points coming in, the absorbed member's (its own history) them leaving.
        var survivorLedger = await (await admin.GetAsync($"/v1/members/{survivorId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Contains(survivorLedger["entries"]!.AsArray(), e => (string)e!["type"]! == "merge-in" && (long)e["points"]! == 70);
        var absorbedLedger = await (await admin.GetAsync($"/v1/members/{absorbedId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Equal(survivorId, (string)absorbedLedger["mergedInto"]!);
        var last = absorbedLedger["entries"]!.AsArray()[0]!;
        Assert.Equal(("merge-out", -70L, 0L), ((string)last["type"]!, (long)last["points"]!, (long)last["balanceAfter"]!));
        Assert.Equal(["merge-closing", "merged-away", "merge-completed"], await EventTypes(absorbedId, after: "redeemed"));
        Assert.Contains("merge-applied", await EventTypes(survivorId, after: "enrolled"));
    }

    [Fact]
    public async Task The_survivor_takes_returns_of_purchases_made_before_the_merge_and_reviews_its_tier_at_its_anniversary()
    {
        var (absorbedId, survivorId) = ((string)(await Api.Enrol(app))["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!);
        var bought = "p-" + Guid.NewGuid();
        await Purchase(absorbedId, bought, 100);
        await (await Merge(survivorId, absorbedId)).Json(HttpStatusCode.OK);

        // The till sends the return to the member it knows; the purchase is in the absorbed member's stream.
        var returned = await (await pos.PostAsJsonAsync($"/v1/members/{absorbedId}/returns", new { idempotencyKey = "r-" + Guid.NewGuid(), originalIdempotencyKey = bought, amount = 40m }))
            .Json(HttpStatusCode.OK);

        Assert.Equal((survivorId, 40L, 60L), ((string)returned["memberId"]!, (long)returned["pointsReturned"]!, (long)returned["pointsBalance"]!));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM due_work WHERE kind = 'tier-review' AND key = $1", survivorId));
    }

    [Fact]
    public async Task A_retried_merge_request_is_answered_again_and_merges_once()
    {
        var (absorbedId, survivorId) = ((string)(await Api.Enrol(app))["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!);
        await Purchase(absorbedId, "p-" + Guid.NewGuid(), 40);
        var key = "merge-" + Guid.NewGuid();

        var first = await (await Merge(survivorId, absorbedId, key)).Json(HttpStatusCode.OK);
        var again = await (await Merge(survivorId, absorbedId, key)).Json(HttpStatusCode.OK);
        var otherKey = await (await Merge(survivorId, absorbedId)).Json(HttpStatusCode.OK);

        Assert.Equal([40L, 40L, 40L], new[] { first, again, otherKey }.Select(m => (long)m["pointsBalance"]!));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type = 'merge-applied'", survivorId));
    }

    [Fact]
    public async Task Chains_resolve_to_the_last_survivor()
    {
        var a = await Api.Enrol(app);
        var (aId, bId, cId) = ((string)a["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!);
        await Purchase(aId, "p-" + Guid.NewGuid(), 10);
        await Purchase(bId, "p-" + Guid.NewGuid(), 20);
        await Purchase(cId, "p-" + Guid.NewGuid(), 30);

        await (await Merge(bId, aId)).Json(HttpStatusCode.OK);
        var final = await (await Merge(cId, bId)).Json(HttpStatusCode.OK);

        Assert.Equal(60L, (long)final["pointsBalance"]!);
        Assert.Equal(cId, (string)(await (await admin.GetAsync($"/v1/members/{aId}")).Json(HttpStatusCode.OK))["memberId"]!);
        var email = Uri.EscapeDataString((string)a["identifiers"]!.AsArray().First(i => (string)i!["type"]! == "email")!["value"]!);
        Assert.Equal(cId, (string)(await (await pos.GetAsync($"/v1/members/lookup?type=email&value={email}")).Json(HttpStatusCode.OK))["memberId"]!);
        // Merging a member already merged elsewhere names where it went; merging it into where it went changes nothing.
        var elsewhere = (string)(await Api.Enrol(app))["memberId"]!;
        var problem = await (await Merge(elsewhere, aId)).Problem(HttpStatusCode.Conflict, "member-merged");
        Assert.Equal(cId, (string)problem["survivorId"]!);
        Assert.Equal(60L, (long)(await (await Merge(cId, aId)).Json(HttpStatusCode.OK))["pointsBalance"]!);
    }

    [Fact]
    public async Task Two_opposite_merges_at_the_same_moment_end_with_exactly_one_survivor()
    {
        for (var round = 0; round < 5; round++)
        {
            var (aId, bId) = ((string)(await Api.Enrol(app))["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!);
            await Purchase(aId, "p-" + Guid.NewGuid(), 11);
            await Purchase(bId, "p-" + Guid.NewGuid(), 22);
            var (aIntoB, bIntoA) = ("k-" + Guid.NewGuid(), "k-" + Guid.NewGuid());

            // Each side retries while the other holds the members, as a client told "in progress" would.
            var results = await Task.WhenAll(
                Eventually.Succeeds(() => MergedOrThrow(bId, aId, aIntoB), TimeSpan.FromSeconds(10), "A into B"),
                Eventually.Succeeds(() => MergedOrThrow(aId, bId, bIntoA), TimeSpan.FromSeconds(10), "B into A"));

            Assert.Single(results.Select(r => (string)r["memberId"]!).Distinct());
            Assert.All(results, r => Assert.Equal(33L, (long)r["pointsBalance"]!));
            Assert.Equal(1, await fixture.Database.ScalarAsync(
                "SELECT count(*) FROM member_events WHERE member_id = ANY($1) AND event_type = 'merged-away'", (object)new[] { aId, bId }));
        }
    }

    [Fact]
    public async Task Undo_gives_back_the_identifiers_and_the_unspent_points_and_lists_what_stays_with_the_survivor()
    {
        var absorbed = await Api.Enrol(app);
        var (absorbedId, survivorId) = ((string)absorbed["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!);
        await Purchase(absorbedId, "p-" + Guid.NewGuid(), 100);
        await Purchase(survivorId, "p-" + Guid.NewGuid(), 50);
        await (await Merge(survivorId, absorbedId)).Json(HttpStatusCode.OK);
        // Spending takes the survivor's own 50 first, then 70 of the 100 brought; a later earn is the survivor's.
        await Redeem(survivorId, 120);
        await Purchase(survivorId, "p-" + Guid.NewGuid(), 200);

        var undone = await (await admin.PostAsync($"/v1/members/{survivorId}/merges/{absorbedId}/undo", null)).Json(HttpStatusCode.OK);

        Assert.Equal(30L, (long)undone["pointsReturned"]!);
        Assert.Equal((absorbedId, 30L), ((string)undone["restored"]!["memberId"]!, (long)undone["restored"]!["pointsBalance"]!));
        Assert.Equal((survivorId, 200L), ((string)undone["survivor"]!["memberId"]!, (long)undone["survivor"]!["pointsBalance"]!));
        Assert.Equal(["earn", "redeem"], undone["keptBySurvivor"]!.AsArray().Select(e => (string)e!["type"]!).Order());
        Assert.Equal(absorbed["identifiers"]!.AsArray().Count, undone["identifiersReturned"]!.AsArray().Count);
        var email = Uri.EscapeDataString((string)absorbed["identifiers"]!.AsArray().First(i => (string)i!["type"]! == "email")!["value"]!);
        Assert.Equal(absorbedId, (string)(await (await pos.GetAsync($"/v1/members/lookup?type=email&value={email}")).Json(HttpStatusCode.OK))["memberId"]!);
        Assert.Equal(absorbedId, (string)(await (await admin.GetAsync($"/v1/members/{absorbedId}")).Json(HttpStatusCode.OK))["memberId"]!);
        // Both ledgers record the undo.
        var survivorLedger = await (await admin.GetAsync($"/v1/members/{survivorId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Equal(("unmerge-out", -30L), ((string)survivorLedger["entries"]![0]!["type"]!, (long)survivorLedger["entries"]![0]!["points"]!));
        var absorbedLedger = await (await admin.GetAsync($"/v1/members/{absorbedId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Equal(("unmerge-in", 30L), ((string)absorbedLedger["entries"]![0]!["type"]!, (long)absorbedLedger["entries"]![0]!["points"]!));
        Assert.Null((string?)absorbedLedger["mergedInto"]);
        // The restored member takes purchases of its own again.
        Assert.Equal(absorbedId, (string)(await Purchase(absorbedId, "p-" + Guid.NewGuid(), 5))["memberId"]!);
        await (await admin.PostAsync($"/v1/members/{survivorId}/merges/{absorbedId}/undo", null)).Problem(HttpStatusCode.NotFound, "merge-not-found");
    }

    [Fact]
    public async Task Undo_of_a_merge_that_a_later_merge_depends_on_names_that_merge()
    {
        var (aId, bId, cId) = ((string)(await Api.Enrol(app))["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!);
        await (await Merge(bId, aId)).Json(HttpStatusCode.OK);
        await (await Merge(cId, bId)).Json(HttpStatusCode.OK);

        var problem = await (await admin.PostAsync($"/v1/members/{bId}/merges/{aId}/undo", null)).Problem(HttpStatusCode.Conflict, "merge-undo-blocked");

        Assert.Equal(cId, (string)problem["blockingSurvivorId"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["blockingMergeId"]));
        (await admin.PostAsync($"/v1/members/{cId}/merges/{bId}/undo", null)).EnsureSuccessStatusCode();
        var undoneFirst = await (await admin.PostAsync($"/v1/members/{bId}/merges/{aId}/undo", null)).Json(HttpStatusCode.OK);
        Assert.Equal(aId, (string)undoneFirst["restored"]!["memberId"]!);
    }

    [Fact]
    public async Task Bad_merge_requests_are_problems_that_change_nothing()
    {
        var (aId, bId) = ((string)(await Api.Enrol(app))["memberId"]!, (string)(await Api.Enrol(app))["memberId"]!);

        await (await admin.PostAsJsonAsync($"/v1/members/{bId}/merges", new { memberId = bId, reason = "dup", idempotencyKey = "k1" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/v1/members/{bId}/merges", new { memberId = "nobody", reason = "dup", idempotencyKey = "k1" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/v1/members/{bId}/merges", new { memberId = aId, idempotencyKey = "k1" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/v1/members/{bId}/merges", new { memberId = aId, reason = "dup" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await Merge(bId, "m" + Guid.NewGuid().ToString("N"))).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await Merge("m" + Guid.NewGuid().ToString("N"), aId)).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await app.PostAsJsonAsync($"/v1/members/{bId}/merges", new { memberId = aId, reason = "dup", idempotencyKey = "k1" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PostAsync($"/v1/members/{bId}/merges/{aId}/undo", null)).Problem(HttpStatusCode.NotFound, "merge-not-found");
        await (await admin.PostAsync($"/v1/members/{bId}/merges/junk/undo", null)).Problem(HttpStatusCode.NotFound, "merge-not-found");

        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = ANY($1) AND event_type LIKE 'merge%'", (object)new[] { aId, bId }));
    }

    private async Task<JsonObject> MergedOrThrow(string survivorId, string absorbedId, string key)
    {
        var response = await Merge(survivorId, absorbedId, key);
        if (response.StatusCode == HttpStatusCode.Conflict) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Json(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> Merge(string survivorId, string absorbedId, string? key = null) =>
        admin.PostAsJsonAsync($"/v1/members/{survivorId}/merges", new { memberId = absorbedId, reason = "duplicate account", idempotencyKey = key ?? "merge-" + Guid.NewGuid() });

    private async Task<JsonObject> Purchase(string memberId, string key, decimal amount) =>
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody(key, amount))).Json(HttpStatusCode.OK);

    private async Task Redeem(string memberId, long points) =>
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/redemptions", Api.RedemptionBody("r-" + Guid.NewGuid(), points))).Json(HttpStatusCode.OK);

    /// <summary>The member's event types after the last event of type <paramref name="after"/>, in order.</summary>
    private async Task<IReadOnlyList<string>> EventTypes(string memberId, string after)
    {
        var types = await fixture.Database.StringsAsync("SELECT event_type FROM member_events WHERE member_id = $1 ORDER BY version", memberId);
        return [.. types.Skip(types.ToList().LastIndexOf(after) + 1)];
    }
}
