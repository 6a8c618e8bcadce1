namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// Turns the case classes into the run's requests, deterministically from the seed: the classes in a seeded
/// order, round after round, each round trying every class's next value on the next member, until the budget
/// is spent. So a budget at least the number of classes covers every class, and a larger one more values.
/// </summary>
internal static class FuzzPlan
{
    public static IReadOnlyList<FuzzCase> Build(
        IReadOnlyList<CaseClass> classes, int budget, int seed, IReadOnlyList<FuzzMember> targets, ApiKeys keys, string runId, DateTimeOffset now)
    {
        var random = new Random(seed);
        var order = classes.ToArray();
        random.Shuffle(order);
        var offsets = order.Select(c => random.Next(c.Variants)).ToArray();
        var cases = new List<FuzzCase>(budget);
        for (var round = 0; cases.Count < budget && order.Length > 0; round++)
        {
            for (var i = 0; i < order.Length && cases.Count < budget; i++)
            {
                var sequence = cases.Count;
                var context = new CaseContext(
                    targets[(round + i) % targets.Count], targets[(round + i + 1) % targets.Count], $"fz-{runId}-{sequence}", sequence, now, keys);
                cases.Add(order[i].Build((round + offsets[i]) % order[i].Variants, context, anchorPick: round + i));
            }
        }

        return cases;
    }

    /// <summary>
    /// A member's enrolment key sent again on each of its ledger and offer commands, one command per member: the
    /// gateway must answer 409 idempotency-key-reused at once, and the member must stay readable.
    /// </summary>
    public static IReadOnlyList<FuzzCase> EnrolmentKeyReuse(IReadOnlyList<FuzzMember> members, ApiKeys keys, string runId, DateTimeOffset now)
    {
        // A conflict is known from the member's own ledger: the answer must come at once, not after a struggle.
        var expect = new Expectation(Status: 409, ProblemType: "idempotency-key-reused", Within: TimeSpan.FromSeconds(2));
        var cases = new List<FuzzCase>();
        foreach (var (index, (endpoint, member)) in KeyReuseCommands.Zip(members).Index())
        {
            // An offer command only means something for a member that holds the offer: otherwise "unknown offer" is right.
            if (endpoint.HasOffer && member.OfferId is null)
            {
                Console.WriteLine($"  (no offer was offered to {member.MemberId}: enrolment key reuse on {endpoint.Name} not tried)");
                continue;
            }

            var other = members[(index + 1) % members.Count];
            var draft = new CaseDraft(endpoint, new CaseContext(member, other, $"fz-{runId}-reuse-{cases.Count}", cases.Count, now, keys));
            draft.Json!.Set("idempotencyKey", member.EnrolmentKey);
            cases.Add(new FuzzCase(endpoint, "idempotencyKey: enrolment key reused", draft.Render(), expect, member, null));
        }

        return cases;
    }

    /// <summary>The member commands <see cref="EnrolmentKeyReuse"/> tries, each on a member of its own, in this order.</summary>
    public static IReadOnlyList<EndpointSpec> KeyReuseCommands { get; } = [.. EndpointCatalog.All.Where(e => e.IsWrite && e.HasMember && e.TakesMemberKey)];

    /// <summary>Using an offer needs one taken up; taking one up needs one merely offered.</summary>
    public static bool NeedsActiveOffer(EndpointSpec command) => command.HasOffer && command.Route.EndsWith("/redemption", StringComparison.Ordinal);
}
