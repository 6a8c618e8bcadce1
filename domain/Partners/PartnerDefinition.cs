namespace OrleansLoyalty.Domain.Partners;

/// <summary>
/// A coalition partner (an airline, a fuel station): it posts earn and burn for members who linked their partner id
/// (identifier <c>partner</c>, value <c>{id}:{their id}</c>), under its own rate, and settles with the brand per period.
/// </summary>
/// <param name="PointsPerUnit">Points per whole currency unit spent at the partner (rounded by the program's earning policy).</param>
/// <param name="Currencies">The currencies the partner reports spend in.</param>
public sealed record PartnerDefinition(string Id, string Name, decimal PointsPerUnit, IReadOnlyList<string> Currencies);
