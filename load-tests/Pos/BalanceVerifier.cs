using System.Collections.Concurrent;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>A wallet that does not hold what was acknowledged, or whose fields contradict each other.</summary>
internal sealed record BalanceDifference(string MemberId, long ExpectedNet, WalletResponse Wallet, string Problem);

/// <summary>The wallets read, added up: what the liability report's outstanding points must have grown by.</summary>
internal sealed record WalletTotals(long Balance, long Pending, long Debt)
{
    public static WalletTotals Zero { get; } = new(0, 0, 0);

    public WalletTotals Add(WalletResponse wallet) => new(Balance + wallet.PointsBalance, Pending + wallet.PendingPoints, Debt + wallet.PointsDebt);
}

internal sealed record VerificationSummary(
    bool Skipped,
    int MembersChecked,
    int Differences,
    int Unverifiable,
    IReadOnlyList<BalanceDifference> FirstDifferences,
    WalletTotals Totals)
{
    public const int ListedDifferences = 20;

    public bool Passed => Skipped || (Differences == 0 && Unverifiable == 0);

    public static VerificationSummary NotRun { get; } = new(Skipped: true, 0, 0, 0, [], WalletTotals.Zero);
}

/// <summary>
/// Reads every member's wallet and compares it with what the gateway acknowledged to the generator: balance plus pending
/// less debt equals the points earned, less those redeemed, spent on rewards and taken back by returns. A return can take
/// back points already spent, so how that net splits into balance, pending and debt is the server's; what is checked of
/// the split is what holds whatever the order: neither pending nor debt is negative, and a debt only stands once the
/// balance is used up.
/// </summary>
internal sealed class BalanceVerifier(LoyaltyHttpClient http, string adminApiKey)
{
    public async Task<VerificationSummary> VerifyAsync(IReadOnlyList<LoadMember> members, int concurrency)
    {
        var differences = new ConcurrentBag<BalanceDifference>();
        var wallets = new ConcurrentBag<WalletResponse>();
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
            wallets.Add(wallet);
            if (Problem(member.ExpectedNetPoints, wallet) is { } problem)
            {
                differences.Add(new BalanceDifference(member.MemberId, member.ExpectedNetPoints, wallet, problem));
            }
        });

        var listed = differences.OrderBy(d => d.MemberId, StringComparer.Ordinal).Take(VerificationSummary.ListedDifferences).ToList();
        var totals = wallets.Aggregate(WalletTotals.Zero, (sum, wallet) => sum.Add(wallet));
        return new VerificationSummary(Skipped: false, checkedCount, differences.Count, unverifiable, listed, totals);
    }

    private static string? Problem(long expectedNet, WalletResponse wallet)
    {
        var net = wallet.PointsBalance + wallet.PendingPoints - wallet.PointsDebt;
        return net != expectedNet ? $"holds {net:+#;-#;0} net, {net - expectedNet:+#;-#;0} off what was acknowledged"
            : wallet.PendingPoints < 0 ? "pending points are negative"
            : wallet.PointsDebt < 0 ? "the debt is negative"
            : wallet.PointsDebt > 0 && wallet.PointsBalance > 0 ? "owes a debt while points are available to repay it"
            : null;
    }
}
