using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

public sealed class BgNbdModelTests
{
    private static readonly BgNbdParameters Cdnow = CdnowData.PublishedBgNbd;

    [Fact]
    public void Published_conditional_expectation_for_the_example_customer()
    {
        // FHL 2005: a customer with x = 2, tₓ = 30.43, T = 38.86 is expected to make 1.226 transactions
        // in the next 39 weeks (mpmath: 1.22602817476714).
        var expected = BgNbdModel.ConditionalExpectedTransactions(Cdnow, new PurchaseSummary(2, 30.43, 38.86, 0), 39);

        Assert.Equal(1.226, expected, 3);
        Assert.Equal(1.22602817476714, expected, 12);
    }

    [Fact]
    public void Customer_without_repeat_purchases_is_alive()
    {
        // The BG/NBD only lets a customer drop out right after a purchase.
        Assert.Equal(1.0, BgNbdModel.ProbabilityAlive(Cdnow, new PurchaseSummary(0, 0, 38.86, 0)));
        Assert.Equal(1.0, BgNbdModel.ProbabilityAlive(Cdnow, new PurchaseSummary(0, 0, 500, 0)));
    }

    [Fact]
    public void Probability_alive_falls_with_silence_and_matches_reference()
    {
        // mpmath reference: 1 / (1 + a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)).
        Assert.Equal(0.726578570080673, BgNbdModel.ProbabilityAlive(Cdnow, new PurchaseSummary(2, 30.43, 38.86, 0)), 12);
        var recent = BgNbdModel.ProbabilityAlive(Cdnow, new PurchaseSummary(5, 38, 38.86, 0));
        var quiet = BgNbdModel.ProbabilityAlive(Cdnow, new PurchaseSummary(5, 10, 38.86, 0));
        Assert.True(recent > quiet, $"recent {recent}, quiet {quiet}");
    }

    [Fact]
    public void Unconditional_expectation_matches_reference_and_rises_with_time()
    {
        // mpmath values of equation (9).
        Assert.Equal(0.0532678911716583, BgNbdModel.ExpectedTransactions(Cdnow, 1), 12);
        Assert.Equal(1.19672319332082, BgNbdModel.ExpectedTransactions(Cdnow, 39), 12);
        Assert.Equal(1.86051905794277, BgNbdModel.ExpectedTransactions(Cdnow, 78), 12);

        var previous = 0.0;
        for (var week = 1; week <= 520; week++)
        {
            var expected = BgNbdModel.ExpectedTransactions(Cdnow, week);
            Assert.True(expected > previous, $"E[X({week})] = {expected} is not above E[X({week - 1})] = {previous}");
            previous = expected;
        }
    }

    [Fact]
    public void Unconditional_expectation_is_the_conditional_one_for_an_empty_history()
    {
        var empty = new PurchaseSummary(0, 0, 0, 0);
        foreach (var weeks in new[] { 0.5, 12.86, 39, 78 })
        {
            Assert.Equal(
                BgNbdModel.ExpectedTransactions(Cdnow, weeks),
                BgNbdModel.ConditionalExpectedTransactions(Cdnow, empty, weeks),
                14);
        }

        Assert.Equal(0, BgNbdModel.ExpectedTransactions(Cdnow, 0));
    }

    [Fact]
    public void Weekly_schedule_matches_point_forecasts()
    {
        foreach (var history in new[] { new PurchaseSummary(0, 0, 0, 0), new PurchaseSummary(2, 30.43, 38.86, 0), new PurchaseSummary(40, 50, 52, 0) })
        {
            var forecast = new BgNbdForecast(Cdnow, history);
            var weekly = new double[104];
            forecast.ExpectedTransactionsByWeek(weekly);
            for (var week = 1; week <= weekly.Length; week++)
            {
                Assert.Equal(forecast.ExpectedTransactions(week), weekly[week - 1], 10);
            }
        }
    }

    [Fact]
    public void Frequent_buyers_do_not_overflow()
    {
        // ((α+T)/(α+tₓ))^(r+x) and ₂F₁(r+x, b+x; …) both overflow a double for x in the thousands.
        var heavy = new PurchaseSummary(3_000, 155.9, 156, 0);
        var gone = new PurchaseSummary(3_000, 60, 156, 0);

        var expected = BgNbdModel.ConditionalExpectedTransactions(Cdnow, heavy, 13);
        Assert.InRange(expected, 200, 260); // 13 weeks at ≈ (r+x)/(α+T) ≈ 18.7 purchases a week
        Assert.True(double.IsFinite(BgNbdModel.LogLikelihood(Cdnow, heavy)));
        Assert.Equal(0, BgNbdModel.ProbabilityAlive(Cdnow, gone), 12);
        Assert.Equal(0, BgNbdModel.ConditionalExpectedTransactions(Cdnow, gone, 13), 12);
    }

    [Fact]
    public void Log_likelihood_of_one_customer_matches_equation_6()
    {
        // Direct evaluation of A₁·A₂·(A₃ + A₄) with Γ ratios expanded for x = 2.
        var (r, alpha, a, b) = (Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B);
        var a1 = r * (r + 1) * Math.Pow(alpha, r);
        var a2 = b * (b + 1) / ((a + b) * (a + b + 1));
        var a3 = Math.Pow(alpha + 38.86, -(r + 2));
        var a4 = a / (b + 1) * Math.Pow(alpha + 30.43, -(r + 2));

        Assert.Equal(Math.Log(a1 * a2 * (a3 + a4)), BgNbdModel.LogLikelihood(Cdnow, new PurchaseSummary(2, 30.43, 38.86, 0)), 12);
    }

    [Fact]
    public void Rejects_impossible_histories()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdModel.ProbabilityAlive(Cdnow, new PurchaseSummary(2, 40, 38, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdModel.ProbabilityAlive(Cdnow, new PurchaseSummary(-1, 0, 38, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbdParameters(0, 1, 1, 1));
    }

    [Theory]
    [InlineData(0.2, 4, 1.0, 2, 0)] // a = 1: (a+b+x−1)/(a−1) against 1 − (1−z)^(a−1)·₂F₁
    [InlineData(0.2, 4, 1.0, 2, 3)]
    [InlineData(0.2, 4, 0.5, 0.5, 0)] // a + b = 1 and x = 0: a pole of ₂F₁ against the factor a+b+x−1
    public void Removable_singularities_of_equation_10_give_the_limit(double r, double alpha, double a, double b, int x)
    {
        var history = x == 0 ? new PurchaseSummary(0, 0, 20, 0) : new PurchaseSummary(x, 15, 20, 0);
        double At(double shift) => BgNbdModel.ConditionalExpectedTransactions(new BgNbdParameters(r, alpha, a, b + shift), history, 10);
        double Beside(double aShift) => BgNbdModel.ConditionalExpectedTransactions(new BgNbdParameters(r, alpha, a + aShift, b), history, 10);

        // The regular neighbours 10⁻³ either side average to the limit within O(10⁻⁶).
        var limit = a == 1 ? (Beside(-1e-3) + Beside(1e-3)) / 2 : (At(-1e-3) + At(1e-3)) / 2;
        var atSingularity = BgNbdModel.ConditionalExpectedTransactions(new BgNbdParameters(r, alpha, a, b), history, 10);

        Assert.True(double.IsFinite(atSingularity) && atSingularity > 0, $"{atSingularity}");
        Assert.Equal(limit, atSingularity, limit * 1e-5);
    }
}
