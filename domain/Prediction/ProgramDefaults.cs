namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// Business inputs of the CLV until program configuration exists: 30 % gross margin, 10 % a year
/// discount rate, one year ahead. Stated here once so every score in the system uses the same ones.
/// </summary>
public static class ProgramDefaults
{
    public static readonly ClvAssumptions Clv = new(grossMargin: 0.30, annualDiscountRate: 0.10, horizonWeeks: 52);
}
