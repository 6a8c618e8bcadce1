using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace OrleansLoyalty.LoadTests.Pos;

internal sealed record EnrolmentSummary(int Requested, int Enrolled, int Failed, double Seconds);

/// <summary>Enrols the run's members through the gateway, with the same parallelism as the load itself.</summary>
internal sealed class MemberEnrolment(LoyaltyHttpClient http, string adminApiKey, MemberIdentities identities, RunCounters counters)
{
    // A phone taken by an earlier run answers 409; a fresh random number almost always fixes that.
    private const int AttemptsPerMember = 3;

    public async Task<(IReadOnlyList<LoadMember> Members, EnrolmentSummary Summary)> EnrolAsync(int count, int concurrency)
    {
        var enrolled = new ConcurrentBag<(int Index, LoadMember Member)>();
        var clock = Stopwatch.StartNew();
        using var progress = new ProgressLine(() => $"enrolling: {enrolled.Count}/{count} members, {counters.Errors} errors");

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (index, _) =>
        {
            if (await EnrolOneAsync(index) is { } member)
            {
                enrolled.Add((index, member));
            }
        });

        var members = enrolled.OrderBy(m => m.Index).Select(m => m.Member).ToList();
        return (members, new EnrolmentSummary(count, members.Count, count - members.Count, clock.Elapsed.TotalSeconds));
    }

    private async Task<LoadMember?> EnrolOneAsync(int index)
    {
        var email = identities.Email(index);
        var phone = identities.Phone(index);
        for (var attempt = 1; attempt <= AttemptsPerMember; attempt++)
        {
            var request = new EnrolmentRequest(
                [new Identifier("email", email), new Identifier("phone", phone)],
                new MemberProfile("Load", $"Tester{index}", "de-DE", "Europe/Berlin"));
            var exchange = await http.SendAsync(HttpMethod.Post, "/v1/members", adminApiKey, LoyaltyHttpClient.Serialize(request));
            var response = exchange.IsSuccess ? exchange.Read<EnrolmentResponse>() : null;
            var conflict = exchange.Status == (int)HttpStatusCode.Conflict;
            var error = response is not null || conflict ? null
                : exchange.IsSuccess ? "unreadable enrolment body"
                : exchange.Describe();
            counters.Count("enrol", new OperationResult(exchange.LatencyMicros, error));

            if (response is not null)
            {
                return new LoadMember(response.MemberId, response.LoyaltyNumber, email, phone);
            }

            if (!conflict)
            {
                // Unknown outcome without an idempotency key: drop the member rather than guess.
                return null;
            }

            phone = MemberIdentities.RandomPhone(Random.Shared);
        }

        return null;
    }
}
