using System.Buffers.Text;
using System.Net;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>The app's QR token at the till: issued to the member, resolved once to the POS card, worthless afterwards.</summary>
[Collection(GatewayCollection.Name)]
public sealed class QrTokenApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);

    [Fact]
    public async Task An_issued_token_resolves_once_to_the_members_card_and_a_second_scan_is_not_found()
    {
        var member = await Api.Enrol(app);
        var memberId = (string)member["memberId"]!;

        var issued = await (await app.PostAsync($"/v1/members/{memberId}/qr-tokens", null)).Json(HttpStatusCode.Created);
        var token = (string)issued["token"]!;
        var card = await (await pos.GetAsync(Api.QrLookup(token))).Json(HttpStatusCode.OK);
        var again = await (await pos.GetAsync(Api.QrLookup(token))).Problem(HttpStatusCode.NotFound, "member-not-found");

        Assert.Matches("^[A-Za-z0-9_-]{71}$", token);
        var expiresIn = (DateTimeOffset)issued["expiresAt"]! - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
        Assert.Equal(["benefits", "cashback", "firstName", "loyaltyNumber", "memberId", "membership", "pointsBalance", "tier"], card.PropertyNames());
        Assert.Equal((memberId, (string)member["loyaltyNumber"]!), ((string)card["memberId"]!, (string)card["loyaltyNumber"]!));
        Assert.Equal("No member has this qr.", (string)again["detail"]!);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM qr_token_uses WHERE token_id = $1",
            Convert.ToHexStringLower(Base64Url.DecodeFromChars(token).AsSpan(1, 12))));
    }

    [Fact]
    public async Task Forged_tampered_and_expired_tokens_are_the_same_not_found_as_an_unknown_identifier()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;
        var token = await Api.QrToken(app, memberId);
        var tampered = token[..30] + (token[30] == 'A' ? 'B' : 'A') + token[31..];
        var expired = new QrTokenCodec(Convert.FromBase64String(Api.QrSigningKey)).Encode(QrTokenCodec.New(memberId, DateTimeOffset.UtcNow.AddMinutes(-2)));
        var otherKey = new QrTokenCodec(new byte[32]).Encode(QrTokenCodec.New(memberId, DateTimeOffset.UtcNow));
        var unknown = await (await pos.GetAsync("/v1/members/lookup?type=email&value=nobody%40example.com")).Problem(HttpStatusCode.NotFound, "member-not-found");

        foreach (var bad in new[] { tampered, expired, otherKey, "not-a-token", new string('A', 71) })
        {
            var problem = await (await pos.GetAsync(Api.QrLookup(bad))).Problem(HttpStatusCode.NotFound, "member-not-found");
            Assert.Equal(unknown.PropertyNames(), problem.PropertyNames());
            Assert.Equal("Member not found", (string)problem["title"]!);
        }
        // None of them used the real token up.
        await (await pos.GetAsync(Api.QrLookup(token))).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_of_member_A_cannot_be_turned_into_member_B()
    {
        var memberA = (string)(await Api.Enrol(app))["memberId"]!;
        var memberB = (string)(await Api.Enrol(app))["memberId"]!;
        var bytes = Base64Url.DecodeFromChars(await Api.QrToken(app, memberA));
        Convert.FromHexString(memberB[1..]).CopyTo(bytes, 13);
        var rebound = Base64Url.EncodeToString(bytes);

        await (await pos.GetAsync(Api.QrLookup(rebound))).Problem(HttpStatusCode.NotFound, "member-not-found");
        var ownToken = await Api.QrToken(app, memberA);
        Assert.Equal(memberA, (string)(await (await pos.GetAsync(Api.QrLookup(ownToken))).Json(HttpStatusCode.OK))["memberId"]!);
    }

    [Fact]
    public async Task Only_app_and_admin_issue_tokens_only_pos_and_admin_look_them_up_and_only_for_members()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;
        var integration = fixture.Gateway.ClientWithKey(Api.IntegrationKey);

        await (await pos.PostAsync($"/v1/members/{memberId}/qr-tokens", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await integration.PostAsync($"/v1/members/{memberId}/qr-tokens", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
        var token = await Api.QrToken(admin, memberId);
        await (await app.GetAsync(Api.QrLookup(token))).Problem(HttpStatusCode.Forbidden, "forbidden");
        // The refused lookup did not use the token up.
        await (await admin.GetAsync(Api.QrLookup(token))).Json(HttpStatusCode.OK);
        await (await app.PostAsync($"/v1/members/m{Guid.NewGuid():N}/qr-tokens", null)).Problem(HttpStatusCode.NotFound, "member-not-found");
    }

    [Fact]
    public async Task The_lookup_takes_qr_as_a_type_and_wants_a_value()
    {
        var problem = await (await pos.GetAsync("/v1/members/lookup?type=qr&value=")).Problem(HttpStatusCode.BadRequest, "validation");
        var unknownType = await (await pos.GetAsync("/v1/members/lookup?type=fax&value=1")).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]!["value"]);
        Assert.Contains("qr", (string)unknownType["errors"]!["type"]![0]!);
    }
}
