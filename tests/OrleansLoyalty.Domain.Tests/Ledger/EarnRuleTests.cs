using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.Tests.Ledger;

public sealed class EarnRuleTests
{
    [Theory]
    [InlineData("42.50", 42)]
    [InlineData("42.99", 42)]
    [InlineData("42", 42)]
    [InlineData("0.99", 0)]
    [InlineData("0", 0)]
    [InlineData("-10", 0)]
    public void One_point_per_whole_currency_unit_floored(string amount, long points)
    {
        Assert.Equal(points, EarnRule.PointsFor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
