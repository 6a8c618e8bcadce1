using System.Collections.Concurrent;

namespace OrleansLoyalty.LoadTests.Pos;

internal sealed record BalanceDifference(string MemberId, long Expected, long Actual);

internal sealed record VerificationSummary(
    bool Skipped,
    int MembersChecked,
    int Differences,
    int Unverifiable,
    IReadOnlyList<BalanceDifference> FirstDifferences)
{
    public const int ListedDifferences = 20;

    public bool Passed => Skipped || (Differences == 0 && Unverifiable == 0);

    public static VerificationSummary NotRun { get; } = new(Skipped: true, 0, 0, 0, []);
}

/// <summary>
/// Reads every member's wallet and compares it with what the gateway acknowledged to the generator:
/// sum of acknowledged points earned minus sum of acknowledged points redeemed.
/// </summary>
internal sealed class BalanceVerifier(LoyaltyHttpClient http, string adminApiKey)
{
    public async Task<VerificationSummary> VerifyAsync(IReadOnlyList<LoadMember> members, int concurrency)
    {
        var differences = new ConcurrentBag<BalanceDifference>();
        int checkedCount = 0, unverifiable = 0;
        using var progress = new ProgressLine(() => $"verifying: {Volatile.Read(ref checkedCount)}/{members.Count} wallets");

        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (member, _) =>
        {
            // A write still unknown after its retry leaves nothing exact to compare against.
            if (member.HasUnresolvedWrites)
            {
                Interlocked.Increment(ref unverifiable);
                return;
            }

            var exchange = await http.SendAsync(HttpMethod.Get, $"/v1/members/{Uri.EscapeDataString(member.MemberId)}/wallet", adminApiKey);
            var wallet = exchange.IsSuccess ? exchange.Read<WalletResponse>() : null;
            if (wallet is null)
            {
                Interlocked.Increment(ref unverifiable);
                return;
            }

            Interlocked.Increment(ref checkedCount);
            if (wallet.PointsBalance != member.ExpectedBalance)
            {
                differences.Add(new BalanceDifference(member.MemberId, member.ExpectedBalance, wallet.PointsBalance));
            }
        });

        var listed = differences.OrderBy(d => d.MemberId, StringComparer.Ordinal).Take(VerificationSummary.ListedDifferences).ToList();
        return new VerificationSummary(Skipped: false, checkedCount, differences.Count, unverifiable, listed);
    }
}
