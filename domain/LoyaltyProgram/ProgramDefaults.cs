using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.LoyaltyProgram;

/// <summary>
/// The program's business inputs until program configuration exists, stated once so every score and
/// offer in the system uses the same ones.
/// </summary>
public static class ProgramDefaults
{
    /// <summary>CLV: 30 % gross margin, 10 % a year discount rate, one year ahead.</summary>
    public static readonly ClvAssumptions Clv = new(grossMargin: 0.30, annualDiscountRate: 0.10, horizonWeeks: 52);

    /// <summary>Per member and offer: at most 20 % off, 3× points, a 25.00 recovery voucher.</summary>
    public static readonly ProgramBudget OfferBudget = new(maxDiscountPercent: 20, maxBonusMultiplier: 3, maxRecoveryValue: 25, currency: "EUR");

    public static readonly RfmThresholds Rfm = RfmThresholds.Default;
}
