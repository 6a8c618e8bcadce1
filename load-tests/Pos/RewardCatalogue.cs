using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>
/// Makes sure the running program has the reward the run redeems: adds it to the catalogue when absent (a new program
/// version), then waits until redemptions of it are decided with that version.
/// </summary>
internal sealed class RewardCatalogue(LoyaltyHttpClient http, string adminApiKey)
{
    // What an added reward costs: a few purchases' worth, so members can afford it soon after the run starts.
    private const long AddedRewardCost = 50;
    private const int AddedRewardValidDays = 30;

    // A silo re-reads the program at most 5 s after a new version is stored through another silo; this leaves room for that.
    private static readonly TimeSpan InForceTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);

    // Members spread over the run's list, so the probes reach more than one silo where there are several.
    private const int ProbeMembers = 8;

    /// <summary>The reward with its cost as the program has it, and a line saying what was done; or why it could not be had.</summary>
    public async Task<(CatalogueReward? Reward, string Report)> EnsureAsync(string rewardId)
    {
        var current = await http.SendAsync(HttpMethod.Get, "/v1/program", adminApiKey);
        if ((current.IsSuccess ? current.Read<ProgramResponse>() : null) is not { } program)
        {
            return (null, $"the program could not be read: {current.Describe()}");
        }

        var rewards = program.Definition["rewards"] as JsonArray ?? [];
        if (rewards.OfType<JsonObject>().FirstOrDefault(r => r["id"]?.GetValue<string>() == rewardId) is { } existing)
        {
            var cost = existing["cost"]!.GetValue<long>();
            return (new CatalogueReward(rewardId, cost), $"reward {rewardId} ({cost} points) is in program version {program.Version}");
        }

        var definition = program.Definition.DeepClone().AsObject();
        var extended = rewards.DeepClone().AsArray();
        extended.Add(new JsonObject
        {
            ["id"] = rewardId,
            ["name"] = "Load test coffee",
            ["cost"] = AddedRewardCost,
            ["stock"] = null,
            ["perMemberLimit"] = null,
            ["validDays"] = AddedRewardValidDays,
        });
        definition["rewards"] = extended;
        var replaced = await http.SendAsync(HttpMethod.Put, "/v1/program", adminApiKey, LoyaltyHttpClient.Serialize(definition));
        if ((replaced.IsSuccess ? replaced.Read<ProgramResponse>() : null) is not { } stored)
        {
            return (null, $"the program with reward {rewardId} was not accepted: {replaced.Describe()} {System.Text.Encoding.UTF8.GetString(replaced.Body)}");
        }

        return (new CatalogueReward(rewardId, AddedRewardCost), $"reward {rewardId} ({AddedRewardCost} points) added in program version {stored.Version}");
    }

    /// <summary>
    /// Polls until a redemption for each probe member is decided knowing the reward (any answer but reward-not-found).
    /// Freshly enrolled members have no points, so the probes are refused and change nothing.
    /// </summary>
    public static async Task<bool> WaitUntilInForceAsync(PosWorkload workload, IReadOnlyList<LoadMember> members)
    {
        var step = Math.Max(1, members.Count / ProbeMembers);
        var waiting = Enumerable.Range(0, Math.Min(ProbeMembers, members.Count)).Select(i => members[i * step]).ToList();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var member in waiting.ToList())
            {
                var (probe, _) = await workload.RedeemRewardAsync(member);
                if (!probe.IsError && probe.Refusal != "reward-not-found")
                {
                    waiting.Remove(member);
                }
            }

            if (waiting.Count == 0)
            {
                return true;
            }

            if (clock.Elapsed >= InForceTimeout)
            {
                return false;
            }

            await Task.Delay(ProbeInterval);
        }
    }
}
