namespace OrleansLoyalty.Domain.Identity;

/// <summary>A normalized identifier: the same person typing it differently still maps to one value.</summary>
public sealed record Identifier(string Type, string Value);
