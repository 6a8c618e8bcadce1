namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// The business inputs of a customer-lifetime-value forecast. None has a universal default: margin
/// and cost of capital come from finance, the horizon from how far ahead the programme plans.
/// </summary>
public sealed record ClvAssumptions
{
    private const double WeeksPerYear = 52;

    /// <param name="grossMargin">Share of revenue kept as margin, 0..1.</param>
    /// <param name="annualDiscountRate">Yearly cost of capital, e.g. 0.10; converted to the equivalent weekly rate.</param>
    /// <param name="horizonWeeks">How many future weeks the CLV covers. Short horizons are deliberate: the
    /// models extrapolate the calibration behaviour, and that extrapolation weakens with distance.</param>
    public ClvAssumptions(double grossMargin, double annualDiscountRate, int horizonWeeks)
    {
        if (!(grossMargin is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(grossMargin), grossMargin, "The gross margin is a share of revenue between 0 and 1.");
        }

        if (!(annualDiscountRate >= 0) || !double.IsFinite(annualDiscountRate))
        {
            throw new ArgumentOutOfRangeException(nameof(annualDiscountRate), annualDiscountRate, "The discount rate must be finite and ≥ 0.");
        }

        if (horizonWeeks is < 1 or > 520)
        {
            throw new ArgumentOutOfRangeException(nameof(horizonWeeks), horizonWeeks, "The horizon must be 1 to 520 weeks.");
        }

        GrossMargin = grossMargin;
        AnnualDiscountRate = annualDiscountRate;
        HorizonWeeks = horizonWeeks;
        WeeklyDiscountFactor = Math.Pow(1 + annualDiscountRate, -1 / WeeksPerYear);
    }

    public double GrossMargin { get; }

    public double AnnualDiscountRate { get; }

    public int HorizonWeeks { get; }

    /// <summary>1/(1+d) for the weekly rate d with (1+d)⁵² = 1 + annual rate.</summary>
    public double WeeklyDiscountFactor { get; }
}
