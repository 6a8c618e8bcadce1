using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.GrainInterfaces.Tiers;

namespace OrleansLoyalty.GrainInterfaces.Members;

/// <summary>
/// A member's points ledger (keyed by the member id): balance, tier, offers used and the scores derived from
/// purchases. Every write is acknowledged only once it is committed to the member's event stream in
/// PostgreSQL; every write carries an idempotency key. Enrolment and the profile are the profile grain's. A member merged
/// away (a tombstone) throws <see cref="MemberMovedException"/> from every call but the statement, which stays its own.
/// </summary>
[Alias("OrleansLoyalty.IMemberGrain")]
public interface IMemberGrain : IGrainWithStringKey
{
    [ReadOnly]
    [Alias("GetCard")]
    Task<MemberCard?> GetCard();

    /// <summary>The card, only if the member owns <paramref name="presented"/> now: a cached owner is only a hint.</summary>
    [ReadOnly]
    [Alias("GetCardFor")]
    Task<MemberCard?> GetCardFor(IdentifierValue presented);

    [ReadOnly]
    [Alias("GetWallet")]
    Task<WalletView?> GetWallet();

    [ReadOnly]
    [Alias("GetLedger")]
    Task<LedgerPage?> GetLedger(int? before, int limit);

    [Alias("RecordPurchase")]
    Task<PurchaseResult> RecordPurchase(RecordPurchaseCommand command);

    [Alias("Redeem")]
    Task<RedemptionResult> Redeem(RedeemPointsCommand command);

    /// <summary>Buys a catalogue reward with points: one stock unit and a single-use code, idempotent by key.</summary>
    [Alias("RedeemReward")]
    Task<RewardRedemptionResult> RedeemReward(RedeemRewardCommand command);

    /// <summary>Whether the redemption under <paramref name="idempotencyKey"/> committed with <paramref name="code"/> (a till asks before using a code still marked reserved).</summary>
    [Alias("ConfirmRewardCode")]
    Task<bool> ConfirmRewardCode(string idempotencyKey, string code);

    [Alias("Adjust")]
    Task<AdjustmentResult> Adjust(AdjustPointsCommand command);

    /// <summary>Spends cashback from the member's cashback wallet (idempotent by key); never below zero.</summary>
    [Alias("RedeemCashback")]
    Task<Cashback.CashbackRedemptionResult> RedeemCashback(Cashback.RedeemCashbackCommand command);

    /// <summary>The cashback wallet with its newest <paramref name="limit"/> movements; null when not enrolled.</summary>
    [ReadOnly]
    [Alias("GetCashback")]
    Task<Cashback.CashbackView?> GetCashback(int limit);

    /// <summary>Buys or renews a paid membership of the program (a renewal extends the running period from its end).</summary>
    [Alias("StartMembership")]
    Task<Memberships.MembershipResult> StartMembership(Memberships.StartMembershipCommand command);

    /// <summary>Points for spend at a coalition partner, by the partner's rate in the program (idempotent by key).</summary>
    [Alias("RecordPartnerEarn")]
    Task<Partners.PartnerOperationResult> RecordPartnerEarn(Partners.PartnerEarnCommand command);

    /// <summary>Points spent at a coalition partner (idempotent by key); never more than the member has.</summary>
    [Alias("RedeemAtPartner")]
    Task<Partners.PartnerOperationResult> RedeemAtPartner(Partners.PartnerRedeemCommand command);

    /// <summary>Takes back the points that returned goods earned (idempotent by the command's key).</summary>
    [Alias("RecordReturn")]
    Task<ReturnResult> RecordReturn(RecordReturnCommand command);

    /// <summary>The member scored by the current CLV model at <paramref name="asOf"/> (today when null); null when not enrolled or no model exists.</summary>
    [ReadOnly]
    [Alias("GetInsights")]
    Task<MemberInsights?> GetInsights(DateOnly? asOf);

    /// <summary>Shopping behaviour, lifecycle stage and RFM now; null when not enrolled. Needs no model.</summary>
    [ReadOnly]
    [Alias("GetBehaviour")]
    Task<BehaviourView?> GetBehaviour();

    /// <summary>Outstanding points by expiry month, as the liability report keeps them; null when not enrolled or merged away (not forwarded).</summary>
    [ReadOnly]
    [Alias("GetLiability")]
    Task<Reporting.MemberLiability?> GetLiability();

    /// <summary>Stage and RFM cell now, as the segment index keeps them; null when not enrolled or merged away (not forwarded).</summary>
    [ReadOnly]
    [Alias("GetSegment")]
    Task<MemberSegment?> GetSegment();

    /// <summary>Offers planned for the member now, with any they activated or redeemed; null when not enrolled.</summary>
    [ReadOnly]
    [Alias("GetOffers")]
    Task<IReadOnlyList<OfferView>?> GetOffers();

    [Alias("ActivateOffer")]
    Task<OfferCommandResult> ActivateOffer(string offerId, string idempotencyKey);

    [Alias("RedeemOffer")]
    Task<OfferCommandResult> RedeemOffer(string offerId, string idempotencyKey);

    /// <summary>Another writer (the profile grain) appended to the stream: read it again before the next answer.</summary>
    [Alias("StreamChanged")]
    Task StreamChanged();

    /// <summary>
    /// Behaviour events of the member were committed outside its stream (app and web events, an absorbed anonymous
    /// profile): read them again when next needed.
    /// </summary>
    [Alias("BehaviourRecorded")]
    Task BehaviourRecorded();

    /// <summary>Runs an item of the member's timed work (delivered at least once, with the same id each time).</summary>
    [Alias("RunDueWork")]
    Task<DueWorkOutcome> RunDueWork(DueWorkItem item);
}
