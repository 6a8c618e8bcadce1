using System.Collections.Concurrent;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>What the answers showed beyond the wallets: contradictions, and the reward codes issued and used.</summary>
internal sealed record AnswerSummary(
    int Contradictions,
    IReadOnlyList<string> FirstContradictions,
    long CodesIssued,
    long CodesConsumed,
    int PurchasesWithReturns,
    int PurchasesReturnedInFull)
{
    public const int Listed = 20;

    public bool Passed => Contradictions == 0;
}

/// <summary>
/// Collects answers the gateway acknowledged that contradict what was asked or answered before: a redemption of other
/// points than asked, a reward at another cost than the catalogue's, returns taking back more than the purchase
/// earned, a code consumed for another member. Any of them fails the run.
/// </summary>
internal sealed class AnswerAudit
{
    private readonly ConcurrentQueue<string> _contradictions = new();
    private long _codesIssued;
    private long _codesConsumed;

    public void Contradiction(string description) => _contradictions.Enqueue(description);

    public void CodeIssued() => Interlocked.Increment(ref _codesIssued);

    public void CodeConsumed() => Interlocked.Increment(ref _codesConsumed);

    /// <summary>The summary, with the checks that need every write settled (full returns) made now.</summary>
    public AnswerSummary Summarize(ReturnablePurchases? returns)
    {
        var (withReturns, inFull, fullReturnContradictions) = returns?.Tally() ?? (0, 0, []);
        var all = _contradictions.Concat(fullReturnContradictions).ToList();
        return new AnswerSummary(
            all.Count, all.Take(AnswerSummary.Listed).ToList(),
            Interlocked.Read(ref _codesIssued), Interlocked.Read(ref _codesConsumed), withReturns, inFull);
    }
}
