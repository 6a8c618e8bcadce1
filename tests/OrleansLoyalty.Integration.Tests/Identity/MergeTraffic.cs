using System.Collections.Concurrent;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>
/// Touchpoints and operators as a merge sees them: purchases and redemptions sent to members (and to their old ids
/// once merged, following "moved" as the gateway does) while merges run. Every command is settled as a client
/// settles it: an error or "unavailable" leaves the outcome unknown, so the same command (same key) is sent again
/// until it is answered; a clear answer is counted once, by its key. What was acknowledged is then checked against
/// what the members hold.
/// </summary>
internal sealed class MergeTraffic(IGrainFactory grains, TestDatabase database)
{
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(25);
    private const int MaxHops = 16;
    private static readonly object Answered = new();

    private readonly ConcurrentDictionary<string, long> earned = new();
    private readonly ConcurrentDictionary<string, long> redeemed = new();
    private int retried;
    private int refused;

    /// <summary>Acknowledged earns minus acknowledged redemptions: what all balances together must hold.</summary>
    public long AcknowledgedPoints => earned.Values.Sum() - redeemed.Values.Sum();

    public int Retried => retried;

    public int Commands => earned.Count + redeemed.Count + refused;

    public static async Task<IReadOnlyList<string>> Enrol(IGrainFactory grains, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var memberId = MemberId.New();
            // These clusters answer "timeout" after 2 s (to see failover fast): an enrolment slower than that on a busy
            // machine is retried with its idempotency key, which a committed first attempt answers as a replay.
            var command = Infrastructure.Commands.Enrol() with { IdempotencyKey = "enrol-" + memberId };
            var status = await Eventually.Succeeds(async () => (await grains.GetGrain<IProfileGrain>(memberId).Enrol(command)).Status, TimeSpan.FromSeconds(20), "the enrolment");
            Assert.Contains(status, new[] { EnrolmentStatus.Enrolled, EnrolmentStatus.Replayed });
            return memberId;
        }));

    public Task Purchase(string memberId, decimal amount)
    {
        var key = "p-" + Guid.NewGuid();
        return Settle(async () =>
        {
            var result = await Follow(memberId, member => member.RecordPurchase(Infrastructure.Commands.Purchase(key, amount)));
            return Record(result.Status, () => earned[key] = result.PointsEarned);
        });
    }

    public Task Redeem(string memberId, long points)
    {
        var key = "r-" + Guid.NewGuid();
        return Settle(async () =>
        {
            var result = await Follow(memberId, member => member.Redeem(Infrastructure.Commands.Redeem(key, points)));
            return Record(result.Status, () => redeemed[key] = result.PointsRedeemed);
        });
    }

    /// <summary>Random purchases (70%) and redemptions among the members, one after the other, until <paramref name="count"/> are settled.</summary>
    public async Task Run(IReadOnlyList<string> members, int count, Random random)
    {
        for (var i = 0; i < count; i++)
        {
            var member = members[random.Next(members.Count)];
            await (random.NextDouble() < 0.7 ? Purchase(member, random.Next(1, 21)) : Redeem(member, random.Next(1, 6)));
        }
    }

    /// <summary>Merges <paramref name="absorbedId"/> into <paramref name="survivorId"/>, sending the same request again until it is answered.</summary>
    public Task<MergeResult> Merge(string survivorId, string absorbedId)
    {
        var key = "merge-" + Guid.NewGuid();
        var merge = grains.GetGrain<IMergeGrain>(MergeIds.For(survivorId, absorbedId, key));
        return SettleValue(async () =>
        {
            var result = await merge.Merge(new MergeMembersCommand(survivorId, absorbedId, "duplicate", "test"));
            return result.Outcome is MergeOutcome.InProgress or MergeOutcome.Unavailable ? null : result;
        });
    }

    /// <summary>
    /// Every point accounted for: the balances of the members the ids reach now sum to what was acknowledged (as the
    /// grains say, and as the committed streams fold), no identifier points at a tombstone, every tombstone forwards
    /// to a live member, and no merge is left unfinished.
    /// </summary>
    public async Task AssertConserved(IReadOnlyList<string> memberIds, long otherPoints = 0)
    {
        var live = new HashSet<string>();
        foreach (var id in memberIds)
        {
            var reached = await SettleValue(async () => (await Follow(id, async member => (await member.GetCard())!)).MemberId);
            live.Add(reached);
        }
        var balances = 0L;
        foreach (var id in live) balances += (await grains.GetGrain<IMemberGrain>(id).GetWallet())!.PointsBalance;
        Assert.Equal(AcknowledgedPoints + otherPoints, balances);

        var store = new MemberEventStore(database.DataSource);
        var folded = 0L;
        foreach (var id in memberIds) folded += (await store.LoadFromStart(id)).PointsBalance;
        Assert.Equal(AcknowledgedPoints + otherPoints, folded);

        Assert.Equal(0, await database.ScalarAsync("""
            SELECT count(*) FROM member_identifiers i
            WHERE EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = i.member_id AND e.event_type = 'merged-away')
              AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = i.member_id AND e.event_type = 'member-restored')
            """));
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM member_merges WHERE status NOT IN ('completed', 'undone', 'cancelled')"));
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM merge_locks"));
    }

    private bool Record(CommandStatus status, Action acknowledged)
    {
        switch (status)
        {
            case CommandStatus.Applied or CommandStatus.Replayed:
                acknowledged();
                return true;
            case CommandStatus.InsufficientPoints:
                Interlocked.Increment(ref refused);
                return true;
            case CommandStatus.Unavailable:
                return false;
            default:
                throw new Xunit.Sdk.XunitException($"A command was answered {status}: neither success, a clear refusal, nor retriable.");
        }
    }

    /// <summary>A call to a member, made again for the survivor while the member answers "moved" (a chain, too).</summary>
    private async Task<T> Follow<T>(string memberId, Func<IMemberGrain, Task<T>> call)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            try
            {
                return await call(grains.GetGrain<IMemberGrain>(memberId));
            }
            catch (MemberMovedException moved)
            {
                memberId = moved.SurvivorId;
            }
        }
        throw new Xunit.Sdk.XunitException($"Member {memberId}: more than {MaxHops} merges to follow.");
    }

    /// <summary>Sends one command until it is answered clearly (<paramref name="send"/> returns true).</summary>
    private Task Settle(Func<Task<bool>> send) => SettleValue(async () => await send() ? Answered : null);

    /// <summary>Sends until the answer is clear (non-null); errors and "retry" answers are sent again, up to a deadline.</summary>
    private async Task<T> SettleValue<T>(Func<Task<T?>> send) where T : class
    {
        var deadline = DateTime.UtcNow + SettleWithin;
        while (true)
        {
            try
            {
                if (await send() is { } answer) return answer;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException && DateTime.UtcNow < deadline)
            {
                // The silo died under the call, or storage failed: the outcome is unknown, so the same request goes again.
            }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"A request was not answered within {SettleWithin}.");
            Interlocked.Increment(ref retried);
            await Task.Delay(RetryPause);
        }
    }
}
