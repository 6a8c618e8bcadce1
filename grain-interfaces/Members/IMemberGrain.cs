using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.GrainInterfaces.Tiers;

namespace OrleansLoyalty.GrainInterfaces.Members;

/// <summary>
/// One loyalty member: identity, points ledger and tier. Every write is acknowledged only once it is
/// committed to the member's event stream in PostgreSQL; every write carries an idempotency key.
/// </summary>
public interface IMemberGrain : IGrainWithStringKey
{
    Task<EnrolmentResult> Enrol(EnrolMemberCommand command);

    [ReadOnly]
    Task<MemberDetails?> GetDetails();

    [ReadOnly]
    Task<MemberCard?> GetCard();

    [ReadOnly]
    Task<WalletView?> GetWallet();

    [ReadOnly]
    Task<LedgerPage?> GetLedger(int? before, int limit);

    Task<PurchaseResult> RecordPurchase(RecordPurchaseCommand command);

    Task<RedemptionResult> Redeem(RedeemPointsCommand command);

    Task<AdjustmentResult> Adjust(AdjustPointsCommand command);

    /// <summary>The member scored by the current CLV model at <paramref name="asOf"/> (today when null); null when not enrolled or no model exists.</summary>
    [ReadOnly]
    Task<MemberInsights?> GetInsights(DateOnly? asOf);

    /// <summary>Shopping behaviour, lifecycle stage and RFM now; null when not enrolled. Needs no model.</summary>
    [ReadOnly]
    Task<BehaviourView?> GetBehaviour();

    /// <summary>Stage and RFM cell now, as the segment index keeps them; null when not enrolled.</summary>
    [ReadOnly]
    Task<MemberSegment?> GetSegment();

    /// <summary>Offers planned for the member now, with any they activated or redeemed; null when not enrolled.</summary>
    [ReadOnly]
    Task<IReadOnlyList<OfferView>?> GetOffers();

    Task<OfferCommandResult> ActivateOffer(string offerId, string idempotencyKey);

    Task<OfferCommandResult> RedeemOffer(string offerId, string idempotencyKey);

    /// <summary>Runs an item of the member's timed work (delivered at least once, with the same id each time).</summary>
    Task<DueWorkOutcome> RunDueWork(DueWorkItem item);
}
