namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// The default program until program configuration exists: one point per whole currency unit, floored.
/// </summary>
public static class EarnRule
{
    public static long PointsFor(decimal amount) => amount <= 0 ? 0 : (long)decimal.Floor(amount);
}
