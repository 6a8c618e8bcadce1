using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Domain.Prediction;
using static OrleansLoyalty.Domain.Tests.Personalization.Shopping;

namespace OrleansLoyalty.Domain.Tests.Personalization;

public sealed class LifecycleClassifierTests
{
    [Fact]
    public void A_member_who_never_bought_is_a_lead_whatever_the_model_says()
    {
        Assert.Equal(LifecycleStage.Lead, LifecycleClassifier.Classify(History(), ChurnRisk.High));
    }

    [Theory]
    [InlineData(0, LifecycleStage.FirstPurchase)]
    [InlineData(90, LifecycleStage.FirstPurchase)]
    [InlineData(91, LifecycleStage.Inactive)]
    [InlineData(365, LifecycleStage.Inactive)]
    [InlineData(366, LifecycleStage.Lapsed)]
    public void A_single_purchase_day_is_first_purchase_then_inactive_after_90_days_then_lapsed(int silence, LifecycleStage expected)
    {
        Assert.Equal(expected, LifecycleClassifier.Classify(VisitedDaysAgo(silence)));
    }

    [Fact]
    public void Several_purchases_on_one_day_are_still_a_first_purchase()
    {
        var history = History(DaysAgo(3), Buy(Now.AddDays(-3).AddHours(1)), Buy(Now.AddDays(-3).AddHours(2)));

        Assert.Equal(LifecycleStage.FirstPurchase, LifecycleClassifier.Classify(history));
    }

    [Theory]
    [InlineData(90, LifecycleStage.Repeat)]
    [InlineData(91, LifecycleStage.Inactive)]
    [InlineData(135, LifecycleStage.Inactive)]
    [InlineData(136, LifecycleStage.ChurnRisk)]
    [InlineData(365, LifecycleStage.ChurnRisk)]
    [InlineData(366, LifecycleStage.Lapsed)]
    public void Two_purchase_days_use_the_default_threshold_with_churn_risk_at_one_and_a_half_times_it(int silence, LifecycleStage expected)
    {
        Assert.Equal(expected, LifecycleClassifier.Classify(VisitedDaysAgo(silence + 10, silence)));
    }

    [Theory]
    [InlineData(0, LifecycleStage.Repeat)]
    [InlineData(20, LifecycleStage.Repeat)]
    [InlineData(21, LifecycleStage.Inactive)]
    [InlineData(30, LifecycleStage.Inactive)]
    [InlineData(31, LifecycleStage.ChurnRisk)]
    public void A_regular_shopper_is_inactive_after_twice_their_interval_and_at_risk_after_three_times(int silence, LifecycleStage expected)
    {
        var everyTenDays = VisitedDaysAgo(silence + 30, silence + 20, silence + 10, silence);

        Assert.Equal(10.0, everyTenDays.TypicalIntervalDays);
        Assert.Equal(expected, LifecycleClassifier.Classify(everyTenDays));
    }

    [Theory]
    [InlineData(14, LifecycleStage.Repeat)]
    [InlineData(15, LifecycleStage.Inactive)]
    [InlineData(21, LifecycleStage.Inactive)]
    [InlineData(22, LifecycleStage.ChurnRisk)]
    public void A_daily_shopper_gets_at_least_two_weeks_before_counting_as_inactive(int silence, LifecycleStage expected)
    {
        var daily = VisitedDaysAgo(silence + 3, silence + 2, silence + 1, silence);

        Assert.Equal(14.0, LifecycleClassifier.InactiveAfterDays(daily));
        Assert.Equal(expected, LifecycleClassifier.Classify(daily));
    }

    [Fact]
    public void A_rare_shopper_can_go_straight_from_repeat_to_lapsed()
    {
        var twiceAYear = VisitedDaysAgo(900, 700, 500, 300);

        Assert.Equal(400.0, LifecycleClassifier.InactiveAfterDays(twiceAYear));
        Assert.Equal(LifecycleStage.Repeat, LifecycleClassifier.Classify(twiceAYear));
        Assert.Equal(LifecycleStage.Lapsed, LifecycleClassifier.Classify(VisitedDaysAgo(966, 766, 566, 366)));
    }

    [Theory]
    [InlineData(ChurnRisk.High, LifecycleStage.ChurnRisk)]
    [InlineData(ChurnRisk.Medium, LifecycleStage.Repeat)]
    [InlineData(ChurnRisk.Low, LifecycleStage.Repeat)]
    public void Only_a_high_model_risk_makes_a_recent_repeat_buyer_a_churn_risk(ChurnRisk model, LifecycleStage expected)
    {
        Assert.Equal(expected, LifecycleClassifier.Classify(VisitedDaysAgo(40, 20, 5), model));
    }

    [Fact]
    public void A_high_model_risk_also_applies_to_a_single_purchase_day()
    {
        Assert.Equal(LifecycleStage.ChurnRisk, LifecycleClassifier.Classify(VisitedDaysAgo(30), ChurnRisk.High));
    }

    [Fact]
    public void A_low_model_risk_does_not_undo_the_silence()
    {
        Assert.Equal(LifecycleStage.ChurnRisk, LifecycleClassifier.Classify(VisitedDaysAgo(200, 150), ChurnRisk.Low));
        Assert.Equal(LifecycleStage.Inactive, LifecycleClassifier.Classify(VisitedDaysAgo(100), ChurnRisk.Low));
    }

    [Fact]
    public void Lapsed_wins_over_the_model()
    {
        Assert.Equal(LifecycleStage.Lapsed, LifecycleClassifier.Classify(VisitedDaysAgo(400, 366), ChurnRisk.High));
    }

    [Fact]
    public void Without_repeat_history_a_long_silence_is_inactive_not_churn_risk()
    {
        Assert.Equal(LifecycleStage.Inactive, LifecycleClassifier.Classify(VisitedDaysAgo(300)));
    }

    [Theory]
    [InlineData(LifecycleStage.Lead, "lead")]
    [InlineData(LifecycleStage.FirstPurchase, "first_purchase")]
    [InlineData(LifecycleStage.Repeat, "repeat")]
    [InlineData(LifecycleStage.Inactive, "inactive")]
    [InlineData(LifecycleStage.ChurnRisk, "churn_risk")]
    [InlineData(LifecycleStage.Lapsed, "lapsed")]
    public void Stages_have_api_codes(LifecycleStage stage, string code)
    {
        Assert.Equal(code, stage.Code());
    }
}
