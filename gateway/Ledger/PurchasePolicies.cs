using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Gateway.Ledger;

/// <summary>
/// The program's purchase rules from configuration (section <c>LoyaltyProgram</c>: <c>Currencies</c>,
/// <c>StartsOn</c>, <c>AllowedClockSkewMinutes</c>), each defaulting to <see cref="PurchasePolicy.Default"/>.
/// </summary>
public static class PurchasePolicies
{
    public static PurchasePolicy From(IConfiguration configuration)
    {
        var section = configuration.GetSection("LoyaltyProgram");
        var defaults = PurchasePolicy.Default;
        var currencies = section.GetSection("Currencies").Get<string[]>() is { Length: > 0 } configured
            ? [.. configured.Select(c => c.Trim().ToUpperInvariant())]
            : defaults.Currencies;
        if (currencies.Any(c => c.Length != 3 || !c.All(char.IsAsciiLetterUpper)))
        {
            throw new InvalidOperationException("LoyaltyProgram:Currencies must list ISO 4217 codes of three letters, e.g. EUR.");
        }
        var startsOn = section.GetValue<DateOnly?>("StartsOn") is { } day
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : defaults.ProgramStart;
        var skew = section.GetValue<double?>("AllowedClockSkewMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : defaults.AllowedClockSkew;
        return new PurchasePolicy(currencies, startsOn, skew);
    }
}
