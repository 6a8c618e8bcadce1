using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// Gives the run real members to aim at, through the API and with valid requests only: enrolment with e-mail and
/// phone, three purchases on different days, a redemption, and an offer taken up where one is asked for.
/// Fits a CLV model when the system has none yet, so insights are fuzzed beyond "no model".
/// </summary>
internal sealed class MemberSetup(FuzzHttpClient http, ApiKeys keys, string runId, TimeSpan timeout, FuzzReport report)
{
    private const int EnrolAttempts = 3;
    private static readonly string[] Categories = ["shoes", "shoes", "grocery"];

    public int Requests { get; private set; }

    /// <summary>Enrols one member per flag (true: take up its first offer); throws with the reason if the system refuses.</summary>
    public async Task<IReadOnlyList<FuzzMember>> EnrolAsync(IReadOnlyList<bool> activateOffer, int concurrency)
    {
        var members = new FuzzMember[activateOffer.Count];
        var phones = Enumerable.Range(0, activateOffer.Count * EnrolAttempts).Select(_ => Random.Shared.Next(100_000_000)).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (index, _) =>
            members[index] = await EnrolOneAsync(index, phones.AsMemory(index * EnrolAttempts, EnrolAttempts)));
        await EnsureModelAsync();

        // Offers are planned with the model, so they are read (and one taken up) only once it exists.
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (index, _) =>
            members[index] = await TakeOfferAsync(members[index], activateOffer[index]));
        return members;
    }

    private async Task<FuzzMember> EnrolOneAsync(int index, ReadOnlyMemory<int> phoneNumbers)
    {
        var email = $"fz-{runId}-m{index}@example.com";
        var enrolmentKey = $"fz-{runId}-enrol-{index}";
        for (var attempt = 0; ; attempt++)
        {
            // Phones are unique system-wide and earlier runs took some: a 409 is answered with another number.
            var phone = "+49152" + phoneNumbers.Span[attempt].ToString("D8", CultureInfo.InvariantCulture);
            var enrolment = await SendAsync(HttpMethod.Post, "/v1/members", keys.Admin, $$"""
                {"identifiers":[{"type":"email","value":"{{email}}"},{"type":"phone","value":"{{phone}}"}],
                 "profile":{"firstName":"Fuzz","lastName":"Member{{index}}","locale":"de-DE","timeZone":"Europe/Berlin"},"idempotencyKey":"{{enrolmentKey + phone}}"}
                """, allowConflict: attempt + 1 < EnrolAttempts);
            if (enrolment is null)
            {
                continue;
            }

            var memberId = enrolment["memberId"]!.GetValue<string>();
            var path = $"/v1/members/{Uri.EscapeDataString(memberId)}";
            var purchaseKeys = new List<string>();
            var daysAgo = PurchaseDaysAgo(index);
            for (var i = 0; i < daysAgo.Length; i++)
            {
                var key = $"fz-{runId}-p{index}-{i}";
                var amount = (40 + (i * 10) + (index * 7)).ToString(CultureInfo.InvariantCulture) + ".50";
                var occurredAt = EndpointCatalog.Timestamp(DateTimeOffset.UtcNow.AddDays(-daysAgo[i]));
                await SendAsync(HttpMethod.Post, path + "/purchases", keys.Pos, $$"""
                    {"idempotencyKey":"{{key}}","amount":{{amount}},"currency":"EUR","occurredAt":"{{occurredAt}}","storeId":"fz-setup",
                     "lines":[{"sku":"SETUP-{{i}}","category":"{{Categories[i]}}","quantity":1,"amount":{{amount}}}]}
                    """);
                purchaseKeys.Add(key);
            }

            var redemptionKey = $"fz-{runId}-r{index}";
            await SendAsync(HttpMethod.Post, path + "/redemptions", keys.Pos, $$"""{"idempotencyKey":"{{redemptionKey}}","points":10,"reason":"setup"}""");
            return new FuzzMember(memberId, email, phone, enrolmentKey + phone, purchaseKeys, redemptionKey, OfferId: null, OfferActivated: false);
        }
    }

    /// <summary>
    /// Two or three purchases on different days, spread differently per member: every member is a repeat buyer,
    /// and the histories differ enough for the CLV fit to have something to estimate.
    /// </summary>
    private static int[] PurchaseDaysAgo(int index) =>
        index % 2 == 0 ? [120 - (7 * index), 50 - (3 * index), 12 - index] : [90 - (5 * index), 20 - index];

    private async Task EnsureModelAsync()
    {
        Requests++;
        var current = await http.SendAsync(new FuzzRequest(HttpMethod.Get, "/v1/models/clv", keys.Admin), timeout);
        if (current.Status != 404)
        {
            return;
        }

        // Not enough data (409) is a fine answer: insights are then fuzzed against "no model yet". A valid fit that
        // fails otherwise is a failure of the run, but the members are still there to fuzz.
        Requests++;
        var fit = new FuzzRequest(HttpMethod.Post, "/v1/models/clv/fit", keys.Admin, "{}"u8.ToArray(), CaseDraft.JsonContentType);
        var response = await http.SendAsync(fit, timeout);
        if (!response.Answered || response.Status is not (200 or 409))
        {
            report.Fail("valid setup request failed", "POST /v1/models/clv/fit", "setup: fit on the run's members", response.Status,
                new FailureExample(fit.Describe(), $"{response.Failure ?? "HTTP " + response.Status}: {Excerpt.Of(response.Body)}"));
        }
    }

    private async Task<FuzzMember> TakeOfferAsync(FuzzMember member, bool activate)
    {
        var path = $"/v1/members/{member.PathSegment}/offers";
        var offers = await SendAsync(HttpMethod.Get, path, keys.App, body: null);
        if (offers?["offers"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() is not { } offerId)
        {
            return member;
        }

        if (activate)
        {
            await SendAsync(HttpMethod.Post, $"{path}/{Uri.EscapeDataString(offerId)}/activation", keys.App,
                $$"""{"idempotencyKey":"fz-{{runId}}-o-{{member.MemberId}}"}""");
        }

        return member with { OfferId = offerId, OfferActivated = activate };
    }

    /// <summary>Sends a valid request; returns the JSON answer, null for a tolerated 409, and throws for anything else.</summary>
    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string key, string? body, bool allowConflict = false)
    {
        Requests++;
        var request = new FuzzRequest(method, path, key, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : CaseDraft.JsonContentType);
        var response = await http.SendAsync(request, timeout);
        if (response.Status is >= 200 and < 300)
        {
            return JsonNode.Parse(response.Body);
        }

        if (allowConflict && response.Status == 409)
        {
            return null;
        }

        throw new InvalidOperationException($"setup request {method} {path} answered {response.Failure ?? "HTTP " + response.Status}: {Excerpt.Of(response.Body, 300)}");
    }
}
