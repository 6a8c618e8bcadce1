using OrleansLoyalty.Domain.Cashback;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Cashback;
using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.Grains.Members;

/// <summary>The cashback wallet: money purchases credit by the program's percentages, spent at a till, never below zero by spending.</summary>
public sealed partial class MemberGrain
{
    public async Task<CashbackRedemptionResult> RedeemCashback(RedeemCashbackCommand command)
    {
        var fingerprint = CommandFingerprint.Of("cashback", command.Amount, command.Currency, command.Channel, command.StoreId);
        var program = await currentProgram.Get();
        CashbackRedemptionResult Answer(CommandStatus status, LedgerEntry? entry, string? problem = null) =>
            new(status, entry is null ? 0 : -entry.Cashback, command.Currency, entry?.CashbackAfter ?? Account.CashbackBalance(command.Currency), problem);
        return await Write(
            command.IdempotencyKey,
            () =>
            {
                if (Settled(command.IdempotencyKey, fingerprint, (status, entry) => Answer(status, entry)) is { } settled) return settled;
                var balance = Account.CashbackBalance(command.Currency);
                if (command.Amount > balance)
                {
                    return Decision.Answer(Answer(CommandStatus.InsufficientCashback, null,
                        $"{command.Amount} {command.Currency} was asked for; the cashback wallet holds {balance} {command.Currency}."));
                }
                var spent = new CashbackRedeemed(time.GetUtcNow(), command.IdempotencyKey, fingerprint, command.Amount, command.Currency, command.Channel, command.StoreId)
                {
                    ProgramVersion = program.Version,
                };
                return new Decision<CashbackRedemptionResult>(spent, () => Answer(CommandStatus.Applied, Account.FindEntry(command.IdempotencyKey)));
            },
            failure => Answer(failure, null));
    }

    /// <summary>The statement is folded from the stream when asked for, like the points statement.</summary>
    public async Task<CashbackView?> GetCashback(int limit)
    {
        await ReadIfNeeded();
        if (!Account.IsEnrolled) return null;
        var events = new List<MemberEvent>();
        await foreach (var @event in store.Events(MemberId, after: 0, upTo: null)) events.Add(@event);
        var lines = CashbackStatement.Newest(events, limit);
        return new CashbackView(CashbackBalances(), [.. lines.Select(l => new CashbackEntryView(l.Sequence, l.Type, l.Amount, l.Currency, l.BalanceAfter, l.RecordedAt, l.IdempotencyKey, l.Description))]);
    }

    private IReadOnlyList<CashbackBalanceView> CashbackBalances() =>
        [.. Account.CashbackBalances.Where(b => b.Value != 0).OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new CashbackBalanceView(b.Key, b.Value))];
}
