namespace OrleansLoyalty.Domain.Prediction;

/// <summary>One purchase as the prediction models see it: who, which calendar day, how much.</summary>
public readonly record struct DatedPurchase<TCustomer>(TCustomer CustomerId, DateOnly Day, decimal Amount)
    where TCustomer : notnull;
