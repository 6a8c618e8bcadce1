namespace OrleansLoyalty.Domain.Personalization;

/// <summary>Where a member is in their relationship with the program; see <see cref="LifecycleClassifier"/> for the rules.</summary>
public enum LifecycleStage
{
    Lead,
    FirstPurchase,
    Repeat,
    Inactive,
    ChurnRisk,
    Lapsed,
}

public static class LifecycleStageCodes
{
    /// <summary>The stage as the API and segment queries name it, e.g. "first_purchase".</summary>
    public static string Code(this LifecycleStage stage) => stage switch
    {
        LifecycleStage.Lead => "lead",
        LifecycleStage.FirstPurchase => "first_purchase",
        LifecycleStage.Repeat => "repeat",
        LifecycleStage.Inactive => "inactive",
        LifecycleStage.ChurnRisk => "churn_risk",
        LifecycleStage.Lapsed => "lapsed",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown lifecycle stage."),
    };
}
